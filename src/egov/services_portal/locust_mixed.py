"""The locust users of ``egov bench mixed`` (run by locust in its own process; imports no Django).

``EGOV_MIX_CONFIG`` names a JSON file written by the scenario: the session cookie name, the citizens' and
officers' session cookies, the procedure citizens file for, the public look-up paths and the page paths.

- ``Visitor`` (anonymous): portal home, news, legal documents, catalogue and its search, procedure page,
  public dossier look-up, public API search.
- ``Citizen`` (signed in): "Hồ sơ của tôi", and files a dossier online (start → form → submit).
- ``Officer`` (signed in): the "Cần xử lý" inbox and the document search.

Every request is named after its page, so locust reports req/s and percentiles per page. Each request asks
for ``Connection: close``, as nginx talks to its upstream by default (HTTP/1.0, no keep-alive): a client that
waits longer than gunicorn's keep-alive (2 s) between two requests would otherwise race the server closing
the idle connection and count a reset that no browser behind nginx would see.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["EGOV_MIX_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
_citizens = itertools.cycle(CONFIG["citizens"])
_officers = itertools.cycle(CONFIG["officers"])
_DRAFT = re.compile(r"/ho-so-nhap/(\d+)/")


class _User(HttpUser):
    abstract = True

    def on_start(self):
        self.client.headers["Connection"] = "close"


class Visitor(_User):
    weight = 6
    wait_time = between(0.5, 2.0)

    @task(3)
    def home(self):
        self.client.get("/", name="portal-home")

    @task(2)
    def news(self):
        self.client.get(CONFIG["paths"]["news"], name="news-page")

    @task(1)
    def legal(self):
        self.client.get("/van-ban-phap-luat/", name="legal-documents")

    @task(2)
    def catalogue(self):
        self.client.get("/dich-vu-cong/", name="catalogue")

    @task(3)
    def search(self):
        q = random.choice(["ho tich", "khai sinh", "dat dai", "xay dung", "chung thuc"])  # noqa: S311
        self.client.get("/dich-vu-cong/", params={"q": q}, name="catalogue-search")

    @task(2)
    def procedure(self):
        self.client.get(CONFIG["paths"]["procedure"], name="procedure-page")

    @task(2)
    def lookup(self):
        self.client.get(random.choice(CONFIG["lookups"]), name="dossier-lookup")  # noqa: S311

    @task(1)
    def api(self):
        self.client.get("/api/v1/public/procedures/?search=ho%20tich", name="api-search")


class _SignedIn(_User):
    abstract = True
    pool = None
    wait_time = between(1.0, 3.0)

    def on_start(self):
        super().on_start()
        self.client.cookies.set(CONFIG["session_cookie"], next(self.pool))


class Citizen(_SignedIn):
    weight = 2
    pool = _citizens

    @task(2)
    def my_dossiers(self):
        self.client.get("/dich-vu-cong/ho-so-cua-toi/", name="my-dossiers")

    @task(1)
    def file_a_dossier(self):
        procedure = CONFIG["procedure"]
        start = self.client.get(f"/dich-vu-cong/thu-tuc/{procedure}/nop-truc-tuyen/", name="apply-start")
        found = _DRAFT.search(start.url or "")
        if not found:
            return  # counted by locust if the answer was an error
        draft = found.group(1)
        token = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        self.client.post(
            f"/dich-vu-cong/ho-so-nhap/{draft}/thong-tin/",
            data={"noi_dung": "Đề nghị đo tải"},
            headers=token,
            name="apply-fields",
        )
        submitted = self.client.post(f"/dich-vu-cong/ho-so-nhap/{draft}/nop/", headers=token, name="apply-submit")
        if submitted.ok and "/ho-so-cua-toi/" in (submitted.url or ""):
            self.environment.events.request.fire(
                request_type="FILED", name="dossier-filed", response_time=0, response_length=0, exception=None
            )


class Officer(_SignedIn):
    weight = 2
    pool = _officers

    @task(3)
    def inbox(self):
        self.client.get("/mot-cua/can-xu-ly/", name="staff-inbox")

    @task(1)
    def documents(self):
        q = random.choice(["quyet dinh", "cai cach hanh chinh", "bao cao"])  # noqa: S311
        self.client.get("/van-ban/tra-cuu/", params={"direction": "incoming", "q": q}, name="documents-search")
