"""The national public service portal (Cổng Dịch vụ công quốc gia, DVCQG) connector: catalogue mapping,
receiving dossiers filed there, reporting every step back, reconciliation and a local simulator.
See docs/dvcqg.md."""
