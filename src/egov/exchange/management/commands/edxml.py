"""``egov edxml parse FILE`` (the message as JSON, or its problems; exit 1 when invalid) and
``egov edxml build [FILE] [--format eDoc|qcvn102]`` (edXML from a JSON description on stdin or in FILE).
``parse`` reads both QCVN 102:2016 and the go.vn/eDoc envelope and says which in the ``format`` key."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egov.exchange import edxml


class Command(BaseCommand):
    help = "Đọc, kiểm tra và tạo thông điệp edXML (QCVN 102:2016)"
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="In thông điệp dưới dạng JSON, hoặc danh sách lỗi kèm đường dẫn")
        parse.add_argument("file", help="tệp edXML ('-' để đọc từ stdin)")
        parse.add_argument("--with-content", action="store_true", help="kèm nội dung tệp đính kèm (base64)")
        build = sub.add_parser("build", help="Tạo edXML từ mô tả JSON (cùng dạng với kết quả của parse)")
        build.add_argument("file", nargs="?", default="-", help="tệp JSON (mặc định: stdin)")
        build.add_argument("--output", "-o", default="-", help="tệp edXML ghi ra (mặc định: stdout)")
        build.add_argument(
            "--format",
            choices=[edxml.QCVN102, edxml.EDOC],
            default=edxml.QCVN102,
            help="qcvn102 (QCVN 102:2016, mặc định) hoặc eDoc (gói tin go.vn/eDoc của LGSP tỉnh)",
        )

    def handle(self, *args, action, **options):
        if action == "parse":
            return self._parse(options["file"], options["with_content"])
        return self._build(options["file"], options["output"], options["format"])

    def _parse(self, file: str, with_content: bool):
        data = _read(file)
        try:
            format_, message = edxml.read(data)
        except edxml.EdxmlError as exc:
            self._problems(exc.problems)
        problems = edxml.validate(message)
        if problems:
            self._problems(problems)
        result = {"format": format_} | edxml.to_json(message, with_content=with_content)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _build(self, file: str, output: str, format_: str):
        raw = _read(file)
        try:
            description = json.loads(raw)
        except ValueError as exc:
            raise CommandError(f"JSON không hợp lệ: {exc}")
        base = Path(file).parent if file != "-" else Path.cwd()
        try:
            body = edxml.build(edxml.from_json(description, base_dir=base), format=format_)
        except edxml.EdxmlError as exc:
            self._problems(exc.problems)
        if output == "-":
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
        else:
            Path(output).write_bytes(body)

    def _problems(self, problems):
        report = {"valid": False, "problems": [{"path": p.path, "message": p.message} for p in problems]}
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        raise SystemExit(1)


def _read(file: str) -> bytes:
    if file == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(file).read_bytes()
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}")
