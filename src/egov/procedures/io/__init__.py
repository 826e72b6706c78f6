"""Import and export of the procedure catalogue (JSON and XLSX); the format is in docs/procedures-format.md.

``json_format`` and ``xlsx_format`` read a file into ``RawProcedure`` rows and write records back;
``cleaning`` turns raw rows into ``ProcedureRecord`` objects and reports every bad value as an ``Issue``
with its place in the file (sheet, row, column). ``egov.procedures.services`` ties them together.
"""
