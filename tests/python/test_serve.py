"""`hoctap serve` as a real server: the built binary on a free loopback port, `requests` as
the client, raw sockets for the slow and the half-sent. Every route, every error path, the
limits, authentication, reload under load, graceful stop, the OpenAPI document against
what the server answers, and the form in headless Chromium (test_serve_form.py)."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "build" / "hoctap"
CRITERIA = ROOT / "criteria"
# A family with two children at school, no adults, the locality's share: recognized.
FAMILY = json.loads((ROOT / "tests" / "data" / "serve" / "family.json").read_text(encoding="utf-8"))
EVALUATE = "/v1/evaluate/gia_dinh_hoc_tap?date=2024-06-01"


class Server:
    """The built `hoctap serve` on 127.0.0.1, a port the kernel picks; stderr kept in a file."""

    def __init__(self, tmp_path, *args, criteria=CRITERIA):
        self.log_path = tmp_path / f"serve-{time.monotonic_ns()}.log"
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen([str(BINARY), "serve", "--criteria", str(criteria), "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.DEVNULL, stderr=self.log_file)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.log())
            if m:
                self.port = int(m.group(1))
                self.url = f"http://127.0.0.1:{self.port}"
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"hoctap serve exited {self.proc.returncode}: {self.log()}")
            time.sleep(0.02)
        self.proc.kill()
        raise RuntimeError("hoctap serve did not start: " + self.log())

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path, **kw):
        return requests.get(self.url + path, timeout=10, **kw)

    def post(self, path, **kw):
        return requests.post(self.url + path, timeout=30, **kw)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()
        return self.proc.returncode


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve"))
    yield s
    assert s.stop() == 0


def error_of(r, status, code, message=None, message_vi=None):
    """The error body: its code, its English text and its Vietnamese text (never missing)."""
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["code"] == code, body
    assert set(body) == {"code", "error", "error_vi"} and body["error_vi"], body
    if message is not None:
        assert body["error"] == message
    if message_vi is not None:
        assert body["error_vi"] == message_vi
    return body


def set_files():
    return [p for p in CRITERIA.rglob("*.yaml") if not p.name.endswith(".tests.yaml") and p.name != "targets.yaml"]


# ---- the catalogue ------------------------------------------------------------------

def test_healthz_and_titles(server):
    assert server.get("/healthz").json() == {"status": "ok", "sets": len(set_files())}
    body = server.get("/v1/titles?date=2024-06-01").json()
    assert body["date"] == "2024-06-01"
    titles = {t["title"]: t for t in body["titles"]}
    assert list(titles) == sorted(titles)
    family = titles["gia_dinh_hoc_tap"]
    assert family["in_force"] == "gia-dinh-hoc-tap/2022"
    assert family["name"] == {"vi": "Gia đình học tập", "en": "Learning family"}
    assert family["entity"] == "family"
    assert family["versions"] == ["gia-dinh-hoc-tap/448-2016", "gia-dinh-hoc-tap/2022"]
    error_of(server.get("/v1/titles?date=2024-13-01"), 400, "bad_date", "date must be a day written YYYY-MM-DD, not `2024-13-01`")


def test_versions(server):
    body = server.get("/v1/titles/gia_dinh_hoc_tap/versions").json()
    assert [v["id"] for v in body["versions"]] == ["gia-dinh-hoc-tap/448-2016", "gia-dinh-hoc-tap/2022"]
    old = body["versions"][0]
    assert old["valid_from"] == "2016-01-01" or re.fullmatch(r"\d{4}-\d\d-\d\d", old["valid_from"])
    assert len(old["sha256"]) == 64
    error_of(server.get("/v1/titles/khong_co/versions"), 404, "unknown_title", "no criteria set judges the title `khong_co`")


def test_set_as_json(server):
    s = server.get("/v1/sets/gia-dinh-hoc-tap/448-2016").json()
    assert s["id"] == "gia-dinh-hoc-tap/448-2016" and s["title"] == "gia_dinh_hoc_tap"
    assert s["legal_basis"]["instrument"] == "Quyết định 448/QĐ-KHVN"
    nodes = {n["id"]: n for n in s["nodes"]}
    assert nodes["tc1"]["max_points"] == 30 and nodes["tc1"]["parent"] is None
    assert nodes["tc1a"]["parent"] == "tc1" and nodes["tc1a"]["is_indicator"] is True
    assert nodes["tc1a"]["confidence"] == "inferred"
    inputs = {i["name"]: i for i in s["inputs"]}
    assert inputs["tre_em"]["kind"] == "list"
    assert inputs["tre_em.tuoi"]["label"] == {"vi": "Tuổi", "en": "Age"}
    assert inputs["nguong_cong_nhan"]["local"] is True
    assert inputs["tre_em.hoc_luc"]["kind"] == "category" and len(inputs["tre_em.hoc_luc"]["values"]) >= 3
    unit = server.get("/v1/sets/don-vi-hoc-tap-huyen-tinh%2Ftt22-2020").json()
    assert [(g["id"], g["min"], g["below"]) for g in unit["grades"]] == [
        ("trung_binh", 50, 70), ("kha", 70, 85), ("tot", 85, None), ("khong_dat", None, None)]
    error_of(server.get("/v1/sets/../../etc/passwd"), 404, "not_found")
    error_of(server.get("/v1/sets/%2e%2e%2f%2e%2e%2fetc%2fpasswd"), 404, "unknown_set", "no criteria set has the id `../../etc/passwd`")


# ---- evaluating ------------------------------------------------------------------------

def cli_evaluate(record, *args):
    lang = () if "--lang" in args else ("--lang", "vi")  # the server's language when a request names none
    out = subprocess.run([str(BINARY), "evaluate", "--criteria", str(CRITERIA), "--title", "gia_dinh_hoc_tap", "--date", "2024-06-01", *lang, *args],
                         input=json.dumps(record), capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_evaluate_one_record_as_the_cli_does(server):
    r = server.post(EVALUATE, json=FAMILY)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json"
    assert r.json() == cli_evaluate(FAMILY)
    assert r.json()["decision"] == "recognized"
    r = server.post(EVALUATE + "&lang=en&explain=1", json=FAMILY)
    assert r.json() == cli_evaluate(FAMILY, "--lang", "en", "--explain")
    assert r.json()["reasons"] == [{"code": "decision", "text": "Recognized at Achieved"}]


def test_a_result_names_what_the_record_gives_the_set_does_not_read(server):
    # A client sees no stderr: the names the set does not read, and the inputs the record
    # lacks, come in the result itself (as `hoctap evaluate` writes them).
    record = {**{k: v for k, v in FAMILY.items() if k != "hoc_tap_nang_cao_doi_song"}, "hoc_tap_nang_cao_doi_songg": True}
    r = server.post(EVALUATE + "&lang=en", json=record)
    assert r.status_code == 200 and r.json() == cli_evaluate(record, "--lang", "en")
    assert r.json()["warnings"] == [
        {"code": "unknown_input", "name": "hoc_tap_nang_cao_doi_songg",
         "message": "`hoc_tap_nang_cao_doi_songg` is not an input of `gia-dinh-hoc-tap/2022`; did you mean `hoc_tap_nang_cao_doi_song`?"},
        {"code": "missing_input", "name": "hoc_tap_nang_cao_doi_song",
         "message": "no value is given for input `hoc_tap_nang_cao_doi_song` of `gia-dinh-hoc-tap/2022`"}]
    assert "warnings" not in server.post(EVALUATE, json=FAMILY).json()


def test_context_from_query_and_body(server):
    record = {k: v for k, v in FAMILY.items() if k != "ty_le_nguoi_lon_cdht_toi_thieu"}
    missing = server.post(EVALUATE, json=record).json()
    assert missing["local_values"] == [{"input": "ty_le_nguoi_lon_cdht_toi_thieu", "value": None, "source": "missing"}]
    by_query = server.post(EVALUATE + "&context.ty_le_nguoi_lon_cdht_toi_thieu=0.5", json=record).json()
    assert by_query["local_values"] == [{"input": "ty_le_nguoi_lon_cdht_toi_thieu", "value": 0.5, "source": "context"}]
    by_body = server.post(EVALUATE, json={**record, "context": {"ty_le_nguoi_lon_cdht_toi_thieu": 0.5}}).json()
    assert by_body == by_query
    error_of(server.post(EVALUATE + "&context=x", json=record), 400, "bad_context", "a context value is given as context.NAME=VALUE")
    # A name no set judging the record reads would be ignored: the query's is refused, a
    # record's own is that record's error, with the nearest input.
    error_of(server.post(EVALUATE + "&context.ty_le_nguoi_lon_cdht_toi_thieuu=0.5", json=record), 400, "unknown_context",
             "context key `ty_le_nguoi_lon_cdht_toi_thieuu` is not an input of `gia-dinh-hoc-tap/2022` or of the sets judging its members: "
             "it would be ignored; did you mean `ty_le_nguoi_lon_cdht_toi_thieu`?")
    lines = server.post(EVALUATE, data=json.dumps({**record, "context": {"vungg": "x"}}) + "\n" + json.dumps(record) + "\n",
                        headers={"Content-Type": "application/x-ndjson"})
    first, second = [json.loads(line) for line in lines.text.splitlines()]
    assert (first["code"], first["error"]) == (
        "unknown_context", "line 1: context key `vungg` is not an input of `gia-dinh-hoc-tap/2022` or of the sets judging its members: "
        "it would be ignored; did you mean `vung`?")
    assert second["decision"] == missing["decision"]
    # The adults' own inputs are known: they are judged with the same context.
    assert "code" not in server.post(EVALUATE + "&context.vung=binh_thuong", json=record).json()


def test_evaluate_array_with_a_bad_element(server):
    r = server.post(EVALUATE, data=json.dumps([FAMILY, 5, {**FAMILY, "id": "f2"}]), headers={"Content-Type": "application/json"})
    rows = r.json()
    assert r.status_code == 200 and [x["row"] for x in rows] == [0, 1, 2]
    assert rows[0]["decision"] == "recognized" and rows[2]["id"] == "f2"
    assert rows[1]["code"] == "json_not_object"


def test_evaluate_json_lines_streamed(server):
    lines = [json.dumps({**FAMILY, "id": f"f{i}"}) for i in range(300)] + ["{not json", json.dumps(FAMILY)]
    r = server.post(EVALUATE, data="\n".join(lines) + "\n", headers={"Content-Type": "application/x-ndjson"}, stream=True)
    assert r.status_code == 200 and r.headers["Transfer-Encoding"] == "chunked"
    assert r.headers["Content-Type"] == "application/x-ndjson"
    out = [json.loads(line) for line in r.iter_lines() if line]
    assert len(out) == 302
    assert out[299]["id"] == "f299" and out[299]["decision"] == "recognized"
    assert out[300] == {"row": 300, "line": 301, "column": 2, "code": "json_syntax",
                        "error": "line 301, character 2: not valid JSON: expected a field name in double quotes, found `not`",
                        "error_vi": "dòng 301, ký tự 2: không phải JSON hợp lệ: cần một tên trường trong dấu nháy kép, nhưng gặp `not`"}
    assert out[301]["decision"] == "recognized"


def test_evaluate_strict(server):
    r = server.post(EVALUATE + "&strict=1", json={**FAMILY, "tuoi_cha": 40})
    assert r.status_code == 422
    assert r.json()["code"] == "unknown_input"
    # The refusal in both languages, whatever `lang` asks of the results.
    for lang in ("en", "vi"):
        row = server.post(EVALUATE + "&strict=1&lang=" + lang, json={**FAMILY, "tuoi_cha": 40}).json()
        assert set(row) == {"row", "id", "code", "error", "error_vi"}
        assert "`tuoi_cha` is not an input of `gia-dinh-hoc-tap/2022`" in row["error"]
        assert "`tuoi_cha` không phải đầu vào của bộ `gia-dinh-hoc-tap/2022`" in row["error_vi"]


def test_evaluate_errors(server):
    error_of(server.post("/v1/evaluate/gia_dinh_hoc_tap", json=FAMILY), 400, "missing_date",
             "the query needs date=YYYY-MM-DD, the assessment date", "truy vấn cần date=YYYY-MM-DD, ngày đánh giá")
    error_of(server.post("/v1/evaluate/gia_dinh_hoc_tap?date=2024-02-30", json=FAMILY), 400, "bad_date",
             "date must be a day written YYYY-MM-DD, not `2024-02-30`",
             "date phải là một ngày viết dạng YYYY-MM-DD, không phải `2024-02-30`")
    error_of(server.post(EVALUATE + "&lang=fr", json=FAMILY), 400, "bad_lang", "lang must be `vi` or `en`, not `fr`",
             "lang phải là `vi` hoặc `en`, không phải `fr`")
    error_of(server.post("/v1/evaluate/khong_co?date=2024-06-01", json=FAMILY), 404, "unknown_title",
             "no criteria set judges the title `khong_co`", "không có bộ tiêu chí nào xét danh hiệu `khong_co`")
    error_of(server.post("/v1/evaluate/gia_dinh_hoc_tap?date=1990-01-01", json=FAMILY), 404, "not_in_force",
             "no criteria set for the title `gia_dinh_hoc_tap` is in force on 1990-01-01",
             "không có bộ tiêu chí nào cho danh hiệu `gia_dinh_hoc_tap` có hiệu lực vào ngày 1990-01-01")
    error_of(server.post(EVALUATE, data=" \n"), 400, "empty_body", "the body holds no record", "thân yêu cầu không chứa bản ghi nào")
    error_of(server.post(EVALUATE, data="{\"id\": "), 400, "json_syntax",
             "the input is not valid JSON: expected a value, found the end of the input (line 1, character 8)",
             "dữ liệu vào không phải JSON hợp lệ: cần một giá trị, nhưng gặp cuối dữ liệu vào (dòng 1, ký tự 8)")
    error_of(server.post(EVALUATE, data="\"text\""), 400, "json_not_object", "a record must be a JSON object",
             "mỗi bản ghi phải là một đối tượng JSON")
    deep = "{\"a\":" * 100 + "1" + "}" * 100
    error_of(server.post(EVALUATE, data=deep), 400, "json_too_deep")
    error_of(server.get(EVALUATE), 404, "not_found", "no such route", "không có đường dẫn này")
    error_of(server.get("/no/such/route"), 404, "not_found", "no such route")
    error_of(server.get("/v1/sets/khong/co"), 404, "unknown_set", "no criteria set has the id `khong/co`",
             "không có bộ tiêu chí nào có mã `khong/co`")
    error_of(server.post("/v1/validate", data=""), 400, "empty_body", "the body holds no criteria file",
             "thân yêu cầu không chứa tệp tiêu chí nào")
    error_of(server.post("/v1/evaluate/", json=FAMILY), 404, "not_found")


def test_flags_take_one_or_zero(server):
    # `explain` and `strict` are checked as `lang` and `date` are: a value that is not
    # documented is refused, not read as off.
    for name, value in (("strict", "TRUE"), ("strict", "on"), ("strict", "2"), ("explain", "True"), ("explain", "")):
        error_of(server.post(EVALUATE + f"&{name}={value}", json=FAMILY), 400, "bad_" + name,
                 f"{name} must be `1` or `0` (or `true`, `false`), not `{value}`",
                 f"{name} phải là `1` hoặc `0` (hoặc `true`, `false`), không phải `{value}`")
    assert server.post(EVALUATE + "&explain=true&strict=false", json=FAMILY).json() == cli_evaluate(FAMILY, "--explain")
    assert server.post(EVALUATE + "&explain=0&strict=0", json=FAMILY).json() == cli_evaluate(FAMILY)


def test_form_posts_are_read_as_bodies(server):
    # curl's -d and --data-binary send application/x-www-form-urlencoded: the body is still
    # the record or the file, never parameters, and --max-body its only bound.
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    text = (CRITERIA / "don-vi-hoc-tap" / "tt24-2023.yaml").read_bytes()
    assert len(text) > 8192
    body = server.post("/v1/validate?name=mine.yaml", data=text, headers=form).json()
    assert body["valid"] is True and body["set"]["id"] == "don-vi-hoc-tap-huyen-tinh/tt24-2023"
    record = {**FAMILY, "id": "a&lang=xx&date=1990-01-01&strict=1&explain=1&context.x=1"}
    r = server.post(EVALUATE, data=json.dumps(record), headers=form)
    assert r.status_code == 200, r.text
    assert r.json() == cli_evaluate(record)
    # A multipart form is refused before its body is read.
    error_of(server.post(EVALUATE, files={"record": json.dumps(FAMILY)}), 415, "unsupported_media_type",
             "the body is sent as it is (JSON, JSON lines or a criteria file), not as multipart form data",
             "thân yêu cầu được gửi nguyên dạng (JSON, JSON lines hoặc một tệp tiêu chí), không phải dạng multipart form data")


def test_a_range_header_never_cuts_an_answer(server):
    assert server.get("/healthz", headers={"Range": "bytes=0-3"}).json() == {"status": "ok", "sets": len(set_files())}
    r = server.post(EVALUATE, json=FAMILY, headers={"Range": "bytes=0-3"})
    assert r.status_code == 200 and r.json() == cli_evaluate(FAMILY)
    for bad in ("bytes=abc", "bytes=0-3,5-2"):
        error_of(server.get("/healthz", headers={"Range": bad}), 400, "bad_request",
                 "the Range header is not valid (the API always sends whole answers: leave it out)",
                 "header Range không hợp lệ (API luôn gửi trọn câu trả lời: hãy bỏ header này)")


def test_validate(server):
    text = (CRITERIA / "gia-dinh-hoc-tap" / "2022.yaml").read_text(encoding="utf-8")
    body = server.post("/v1/validate", data=text.encode()).json()
    assert body["valid"] is True and body["errors"] == 0 and body["set"]["id"] == "gia-dinh-hoc-tap/2022"
    broken = text.replace("type: bool", "type: boolean", 1)
    body = server.post("/v1/validate?name=mine.yaml", data=broken.encode()).json()
    assert body["valid"] is False and body["errors"] >= 1
    first = body["diagnostics"][0]
    assert first["file"] == "mine.yaml" and first["severity"] == "error" and first["line"] > 0 and first["code"].startswith("H")
    error_of(server.post("/v1/validate", data=""), 400, "empty_body", "the body holds no criteria file")
    # Never stored: the catalogue is unchanged.
    assert server.get("/healthz").json()["sets"] == len(set_files())


# ---- limits, authentication, reload, stop --------------------------------------------

def raw_connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s


def read_all(sock, limit=10.0):
    sock.settimeout(limit)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        data += chunk
    return data


def test_body_and_record_limits(tmp_path):
    s = Server(tmp_path, "--max-body", "4096", "--max-records", "3")
    try:
        error_of(s.post(EVALUATE, data=b"[" + b" " * 5000 + b"]"), 413, "body_too_large", "a request body holds at most 4096 bytes",
                 "thân yêu cầu dài tối đa 4096 byte")
        error_of(s.post(EVALUATE, data=json.dumps([FAMILY] * 4)), 413, "too_many_records", "a request holds at most 3 records",
                 "mỗi yêu cầu chứa tối đa 3 bản ghi")
        assert len(s.post(EVALUATE, data=json.dumps([FAMILY] * 3)).json()) == 3
        r = s.post(EVALUATE, data="\n".join(json.dumps(FAMILY) for _ in range(5)), headers={"Content-Type": "application/x-ndjson"})
        out = [json.loads(x) for x in r.text.splitlines()]
        assert len(out) == 4 and out[-1] == {"code": "too_many_records", "error": "a request holds at most 3 records; the rest were not read",
                                             "error_vi": "mỗi yêu cầu chứa tối đa 3 bản ghi; phần còn lại không được đọc"}
        # A body sent in chunks, which says no length beforehand, is cut off too.
        def chunks():
            yield b"["
            for _ in range(10):
                yield b" " * 1000
            yield b"]"
        error_of(s.post(EVALUATE, data=chunks()), 413, "body_too_large", "a request body holds at most 4096 bytes")
        small = json.dumps(FAMILY).encode()
        assert s.post(EVALUATE, data=iter([small[:40], small[40:]])).json()["decision"] == "recognized"
        # Not HTTP: 400, and the connection ends (what follows is not read as a request).
        c = raw_connect(s.port)
        c.sendall(b"GARBAGE\r\n\r\nGET /healthz HTTP/1.1\r\n\r\n")
        answer = read_all(c, 5)
        assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n") and answer.count(b"HTTP/1.1") == 1
        assert answer.endswith('{"code":"bad_request","error":"the request is not valid HTTP","error_vi":"yêu cầu không phải HTTP hợp lệ"}'.encode())
        # A header line past the library's bound, and a request target too long.
        error_of(s.get("/healthz", headers={"X-Big": "a" * 9000}), 400, "bad_request")
        error_of(s.get("/" + "a" * 9000), 414, "uri_too_long")
        assert s.get("/healthz").status_code == 200
    finally:
        assert s.stop() == 0


def heads(answer):
    """The status line and headers of each response in `answer` (raw bytes of one connection)."""
    out = []
    for part in answer.split(b"HTTP/1.1 ")[1:]:
        head = part.split(b"\r\n\r\n", 1)[0].decode()
        lines = head.split("\r\n")
        out.append((int(lines[0].split()[0]), {k.lower(): v for k, v in (x.split(": ", 1) for x in lines[1:])}))
    return out


def test_connection_ends_only_when_the_answer_says_so(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token-0123456789\n")
    auth = b"Authorization: Bearer s3cret-token-0123456789\r\n"
    s = Server(tmp_path, "--max-body", "4096", "--token-file", str(token_file))
    last = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    post = b"POST " + EVALUATE.encode() + b" HTTP/1.1\r\nHost: x\r\n"

    def exchange(request):
        c = raw_connect(s.port)
        c.sendall(request + last)
        return heads(read_all(c, 5))

    try:
        # Read whole (a 404, a 400 from a route): the connection goes on, and says so.
        answers = exchange(b"GET /nope HTTP/1.1\r\nHost: x\r\n" + auth + b"\r\n" + post + auth + b"Content-Length: 1\r\n\r\n{")
        assert [status for status, _ in answers] == [404, 400, 200]
        assert all("keep-alive" in h and "connection" not in h for _, h in answers[:2])
        # Refused before the body is read (too long; no token): the connection ends, and says so.
        for request, status in ((post + auth + b"Content-Length: 5000\r\n\r\n", 413), (post + b"Content-Length: 10\r\n\r\n{}", 401)):
            answers = exchange(request)
            assert [status for status, _ in answers] == [status]
            assert answers[0][1]["connection"] == "close" and "keep-alive" not in answers[0][1]
        # `Expect: 100-continue`: the refusal comes instead of `100 Continue`.
        for request, status in ((post + auth + b"Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n", 413),
                                (post + b"Expect: 100-continue\r\nContent-Length: 10\r\n\r\n", 401)):
            answers = exchange(request)
            assert [status for status, _ in answers] == [status]
            assert answers[0][1]["connection"] == "close"
        # Accepted: `100 Continue`, then the answer.
        c = raw_connect(s.port)
        record = json.dumps(FAMILY).encode()
        c.sendall(post + auth + b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: " + str(len(record)).encode() + b"\r\n\r\n")
        c.settimeout(5)
        assert c.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        c.sendall(record)
        assert [status for status, _ in heads(read_all(c, 5))] == [200]
    finally:
        assert s.stop() == 0


def test_body_framing_that_cannot_be_trusted_is_refused(tmp_path):
    s = Server(tmp_path, "--max-body", "1000")
    post = b"POST " + EVALUATE.encode() + b" HTTP/1.1\r\nHost: x\r\n"
    try:
        cases = [
            (b"Content-Length: abc\r\n", "Content-Length must be a number of bytes, not `abc`", "Content-Length phải là một số byte, không phải `abc`"),
            (b"Content-Length: -1\r\n", "Content-Length must be a number of bytes, not `-1`", "Content-Length phải là một số byte, không phải `-1`"),
            (b"Content-Length: 2\r\nContent-Length: 20\r\n", "the request gives Content-Length twice, with different values",
             "yêu cầu nêu Content-Length hai lần, với hai giá trị khác nhau"),
            (b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "the request gives both Content-Length and Transfer-Encoding",
             "yêu cầu nêu cả Content-Length lẫn Transfer-Encoding"),
            (b"Transfer-Encoding: gzip\r\n", "Transfer-Encoding must be `chunked`, not `gzip`", "Transfer-Encoding phải là `chunked`, không phải `gzip`"),
        ]
        for headers, en, vi in cases:
            # What follows the headers is not read as the next request: one answer, then the end.
            c = raw_connect(s.port)
            c.sendall(post + headers + b"\r\n{}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = read_all(c, 5)
            assert [status for status, _ in heads(answer)] == [400], answer
            assert heads(answer)[0][1]["connection"] == "close"
            body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
            assert body == {"code": "bad_request", "error": en, "error_vi": vi}
        # The same length twice is one length.
        c = raw_connect(s.port)
        c.sendall(post + b"Content-Length: 2\r\nContent-Length: 02\r\nConnection: close\r\n\r\n{}")
        assert [status for status, _ in heads(read_all(c, 5))] == [200]
        # A chunked body is held to --max-body by its data.
        error_of(s.post(EVALUATE, data=iter([b" " * 1000, b" " * 1000, b" " * 1000, b" " * 1000, b"{}"])), 413, "body_too_large",
                 "a request body holds at most 1000 bytes", "thân yêu cầu dài tối đa 1000 byte")
        assert s.post(EVALUATE, data=iter([b" " * 500, b" " * 490, b"{}"])).status_code == 200
    finally:
        assert s.stop() == 0


def test_slow_header_client_cannot_hold_a_worker(tmp_path):
    s = Server(tmp_path, "--workers", "2", "--header-timeout", "1")
    try:
        slow = raw_connect(s.port)
        slow.sendall(b"GET /healthz HTTP/1.1\r\n")
        started = time.monotonic()
        closed_after = None
        for _ in range(40):  # a header byte every 0.1 s: never finishes
            try:
                slow.sendall(b"X")
            except OSError:
                closed_after = time.monotonic() - started
                break
            # Meanwhile others are served.
            assert s.get("/healthz").status_code == 200
            time.sleep(0.1)
            slow.settimeout(0)
            try:
                if slow.recv(1) == b"":
                    closed_after = time.monotonic() - started
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed_after = time.monotonic() - started
                break
        assert closed_after is not None and closed_after < 2.5
        # An idle connection that never sends is closed too.
        idle = raw_connect(s.port)
        t = time.monotonic()
        assert read_all(idle, 5) == b""
        assert time.monotonic() - t < 2.5
    finally:
        assert s.stop() == 0


def test_saturated_server_answers_503(tmp_path):
    s = Server(tmp_path, "--workers", "1", "--queue", "0", "--header-timeout", "3")
    try:
        # A connection that takes the only worker and sends nothing. It is refused itself
        # when it comes while the worker still serves an earlier probe (the start-up check's
        # connection): then it is made again, a few times at most.
        for _ in range(10):
            holder = raw_connect(s.port)
            time.sleep(0.2)
            r = s.get("/healthz")
            if r.status_code == 503:
                break
            holder.close()
            time.sleep(0.2)
        error_of(r, 503, "overloaded", "every worker is busy and the queue is full; try again",
                 "mọi luồng xử lý đều bận và hàng đợi đã đầy; hãy thử lại")
        assert r.headers["Retry-After"] == "1"
        holder.close()
        time.sleep(0.3)
        deadline = time.monotonic() + 5
        while s.get("/healthz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        assert s.stop() == 0


def test_concurrent_clients_get_the_same_answers(server):
    expected = server.post(EVALUATE, json=FAMILY).json()
    failures = []

    def client():
        with requests.Session() as session:
            for _ in range(40):
                r = session.post(server.url + EVALUATE, json=FAMILY, timeout=10)
                if r.status_code != 200 or r.json() != expected:
                    failures.append(r.text)

    threads = [threading.Thread(target=client) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_bearer_token(tmp_path):
    short = tmp_path / "short"
    short.write_text("abc\n")
    r = subprocess.run([str(BINARY), "serve", "--criteria", str(CRITERIA), "--listen", "127.0.0.1:0", "--token-file", str(short)],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 2
    assert r.stderr == f"hoctap: the token in `{short}` must be one word of at least 16 characters\n"
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token-0123456789\n")
    s = Server(tmp_path, "--token-file", str(token_file))
    try:
        assert s.get("/healthz").status_code == 200
        r = s.get("/v1/titles")
        error_of(r, 401, "unauthorized", "this server needs an `Authorization: Bearer` token", "máy chủ này cần mã `Authorization: Bearer`")
        assert r.headers["WWW-Authenticate"] == "Bearer"
        error_of(s.get("/v1/titles", headers={"Authorization": "Bearer s3cret-token-0123456788"}), 401, "unauthorized")
        error_of(s.post(EVALUATE, json=FAMILY), 401, "unauthorized")
        good = {"Authorization": "Bearer s3cret-token-0123456789"}
        assert s.get("/v1/titles", headers=good).status_code == 200
        assert s.post(EVALUATE, json=FAMILY, headers=good).json()["decision"] == "recognized"
        error_of(s.get("/metrics"), 401, "unauthorized")
    finally:
        assert s.stop() == 0


def test_reload_under_load_loses_no_request(tmp_path):
    folder = tmp_path / "criteria"
    shutil.copytree(CRITERIA, folder)
    s = Server(tmp_path, "--reload", "100", criteria=folder)
    statuses, stop = [], threading.Event()

    def client():
        with requests.Session() as session:
            while not stop.is_set():
                r = session.post(s.url + EVALUATE, json=FAMILY, timeout=10)
                statuses.append((r.status_code, r.json().get("decision")))

    threads = [threading.Thread(target=client) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        family = folder / "gia-dinh-hoc-tap" / "2022.yaml"
        family.write_text(family.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while "reloaded the criteria (the folder changed): 19 sets" not in s.log():
            assert time.monotonic() < deadline, s.log()
            time.sleep(0.05)
        # A broken file: the old registry stays and the log says why.
        (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
        while "failed; keeping the criteria already loaded" not in s.log():
            assert time.monotonic() < deadline, s.log()
            time.sleep(0.05)
        assert "broken.yaml" in s.log()
        (folder / "broken.yaml").unlink()
        s.proc.send_signal(signal.SIGHUP)
        while "reloaded the criteria (SIGHUP)" not in s.log():
            assert time.monotonic() < deadline, s.log()
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        stop.set()
        for t in threads:
            t.join()
        assert s.stop() == 0
    assert len(statuses) > 20
    assert set(statuses) == {(200, "recognized")}


def test_sigterm_lets_requests_in_flight_finish(tmp_path):
    s = Server(tmp_path)
    body = ("\n".join(json.dumps({**FAMILY, "id": f"f{i}"}) for i in range(2000)) + "\n").encode()
    head = (f"POST {EVALUATE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    idle = raw_connect(s.port)  # a kept-alive connection with no request: closed at stop
    assert s.get("/healthz").status_code == 200
    busy = raw_connect(s.port)
    busy.sendall(head + body[:1000])
    time.sleep(0.3)
    s.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    assert s.proc.poll() is None  # still finishing the request in flight
    with pytest.raises(ConnectionRefusedError):  # no new connection is taken
        socket.create_connection(("127.0.0.1", s.port), timeout=2)
    busy.sendall(body[1000:])
    response = read_all(busy, 10)
    assert response.startswith(b"HTTP/1.1 200 OK\r\n")
    assert response.count(b'"decision":"recognized"') == 2000
    assert read_all(idle, 5) == b""
    assert s.proc.wait(timeout=10) == 0
    assert "stopping: requests in flight finish, no new connection is taken" in s.log()
    assert s.stop() == 0


# ---- metrics and the OpenAPI document ------------------------------------------------

def metric(text, name, **labels):
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    m = re.search(rf"^{re.escape(name)}\{{{re.escape(want)}\}} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def test_metrics(tmp_path):
    s = Server(tmp_path, "--access-log")
    try:
        for _ in range(3):
            s.post(EVALUATE, json=FAMILY)
        s.post(EVALUATE, data=json.dumps([FAMILY, {**FAMILY, "hoc_tap_nang_cao_doi_song": False}, 7]))
        s.post("/v1/evaluate/gia_dinh_hoc_tap", json=FAMILY)
        s.get("/v1/titles/khong_co/versions")
        text = s.get("/metrics").text
        assert metric(text, "hoctap_http_requests_total", route="/v1/evaluate/{title}", status="200") == 4
        assert metric(text, "hoctap_http_requests_total", route="/v1/evaluate/{title}", status="400") == 1
        assert metric(text, "hoctap_http_requests_total", route="/v1/titles/{title}/versions", status="404") == 1
        assert metric(text, "hoctap_evaluations_total", title="gia_dinh_hoc_tap", decision="recognized") == 4
        assert metric(text, "hoctap_evaluations_total", title="gia_dinh_hoc_tap", decision="not_recognized") == 1
        assert metric(text, "hoctap_evaluations_total", title="gia_dinh_hoc_tap", decision="error") == 1
        assert metric(text, "hoctap_http_request_duration_seconds_count", route="/v1/evaluate/{title}") == 5
        assert metric(text, "hoctap_http_request_duration_seconds_bucket", route="/v1/evaluate/{title}", le="+Inf") == 5
        assert "# TYPE hoctap_http_request_duration_seconds histogram" in text
        # Paths never become labels: a request for any path counts under `other`.
        s.get("/secret/personal/data")
        assert "secret" not in s.get("/metrics").text
        # The access log names the route, never the path, the query or the record.
        log = s.log()
        assert re.search(r"Z hoctap serve: POST /v1/evaluate/\{title\} 200 \d+us\n", log)
        assert re.search(r"Z hoctap serve: GET other 404 \d+us\n", log)
        assert "secret" not in log and "gia_dinh_hoc_tap" not in log and "2024-06-01" not in log and "tre_em" not in log
    finally:
        assert s.stop() == 0


def deref(doc, node):
    """Follows `$ref`s (local ones) until a plain object."""
    while isinstance(node, dict) and "$ref" in node:
        target = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def check_against(doc, operation, r):
    status = str(r.status_code)
    assert status in operation["responses"], (status, r.text)
    response = deref(doc, operation["responses"][status])
    media = r.headers["Content-Type"].split(";")[0]
    assert media in response["content"], (media, list(response["content"]))
    schema = deref(doc, response["content"][media]["schema"])
    if media != "application/json":
        return
    body = r.json()
    options = [schema] if "oneOf" not in schema else [deref(doc, s) for s in schema["oneOf"]]
    fits = []
    for option in options:
        if option.get("type") == "array" or (isinstance(body, list) and option.get("type") == "array"):
            fits.append(isinstance(body, list) and all(set(deref(doc, option["items"]).get("required", [])) <= set(x) for x in body))
        else:
            fits.append(isinstance(body, dict) and set(option.get("required", [])) <= set(body))
    assert any(fits), (status, body if len(str(body)) < 500 else list(body))


def test_openapi_document_matches_the_server(server):
    doc = server.get("/openapi.json").json()
    assert doc["openapi"] == "3.1.0"
    seen = 0
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            params = [deref(doc, p) for p in operation.get("parameters", [])]
            concrete = path
            query = {}
            for p in params:
                if p["in"] == "path":
                    concrete = concrete.replace("{" + p["name"] + "}", p["example"])
                elif p.get("required") or "example" in p:
                    query[p["name"]] = p["example"]
            kwargs = {"params": query}
            if "requestBody" in operation:
                content = operation["requestBody"]["content"]
                media, spec = next(iter(content.items()))
                if path == "/v1/validate":
                    body = (CRITERIA / "gia-dinh-hoc-tap" / "2022.yaml").read_bytes()
                else:
                    body = json.dumps(spec["example"]).encode()
                kwargs.update(data=body, headers={"Content-Type": media})
            r = requests.request(method.upper(), server.url + concrete, timeout=10, **kwargs)
            assert r.status_code == 200, (path, r.text)
            check_against(doc, operation, r)
            seen += 1
            # The documented errors, where a request can provoke them.
            if "{title}" in path:
                bad = requests.request(method.upper(), server.url + path.replace("{title}", "khong_co"), timeout=10, **kwargs)
                assert bad.status_code == 404
                check_against(doc, operation, bad)
            if any(p["name"] == "date" for p in params):
                bad = requests.request(method.upper(), server.url + concrete, timeout=10, **{**kwargs, "params": {**query, "date": "x"}})
                assert bad.status_code == 400
                check_against(doc, operation, bad)
    assert seen == 10
    # Other answers of the evaluate route: an array, a stream, a strict refusal, limits.
    op = doc["paths"]["/v1/evaluate/{title}"]["post"]
    check_against(doc, op, server.post(EVALUATE, data=json.dumps([FAMILY, 1])))
    check_against(doc, op, server.post(EVALUATE, data=json.dumps(FAMILY), headers={"Content-Type": "application/x-ndjson"}))
    check_against(doc, op, server.post(EVALUATE + "&strict=1", json={**FAMILY, "x": 1}))
    check_against(doc, op, server.post(EVALUATE, data="{"))
    check_against(doc, doc["paths"]["/v1/validate"]["post"], server.post("/v1/validate", data=""))


def test_large_json_lines_body_answers_as_the_cli(server, tmp_path):
    # Past a megabyte the body is judged in pieces on every core; the answer must be the
    # CLI's, line for line: rows numbered across pieces, blank lines not rows, bad lines kept.
    lines = []
    for i in range(12000):
        record = {**FAMILY, "id": f"f{i}"}
        if i % 7 == 0:
            record["tre_em"] = [{"tuoi": 10, "di_hoc": False, "mien_tru": False}]
        lines.append(json.dumps(record))
        if i % 1000 == 3:
            lines.append("   ")
        if i % 2500 == 5:
            lines.append("{broken")
    body = "\n".join(lines) + "\n"
    assert len(body) > 2 << 20
    path = tmp_path / "big.jsonl"
    path.write_text(body)
    cli = subprocess.run([str(BINARY), "evaluate", "--criteria", str(CRITERIA), "--title", "gia_dinh_hoc_tap", "--date", "2024-06-01",
                          "--input", str(path)], capture_output=True, text=True).stdout
    r = server.post(EVALUATE, data=body.encode(), headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200
    # The server's error rows carry the Vietnamese text beside the CLI's English one.
    vi = re.compile(r',"error_vi":"dòng \d+, ký tự 2: không phải JSON hợp lệ: [^"]*"')
    assert len(vi.findall(r.text)) == 5 and vi.sub("", r.text) == cli
    assert r.text.count("\n") == 12000 + 5


def test_bench_script_runs_at_toy_size():
    # bench/serve/run.py measures for real under the build lock; here it only has to work.
    assert shutil.which("wrk"), "wrk is missing: scripts/setup installs it"
    out = subprocess.run(["/usr/bin/python3", str(ROOT / "bench" / "serve" / "run.py"), "--duration", "1", "--connections", "2",
                          "--threads", "1", "--records", "2000", "--repeats", "1", "--json"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    result = json.loads(out)
    assert result["wrk"]["requests"] > 0 and result["wrk"]["non_2xx"] == 0 and result["wrk"]["server_5xx"] == 0
    assert result["jsonl"]["records"] == 2000 and result["jsonl"]["records_per_s"] > 0
