"""JSON lines judged by columns (src/serve/lines.cpp): whatever takes the fast path, every
line's answer must be byte for byte what `hoctap evaluate` writes for it. Generated records
for every set of the criteria folder — plain ones, and ones with every kind of slip that
sends a line to the row path — and the edges: a bad line among good ones, missing and
unknown keys, member lists, context from the query, explain and strict, the limits."""
import json
import random
import re
import subprocess

import pytest

from test_serve import BINARY, CRITERIA, EVALUATE, FAMILY, Server, error_of

JSONL = {"Content-Type": "application/x-ndjson"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve-lines"))
    yield s
    assert s.stop() == 0


def cli_lines(tmp_path, title, date, body, *args):
    path = tmp_path / "in.jsonl"
    path.write_text(body, encoding="utf-8")
    lang = () if "--lang" in args else ("--lang", "vi")  # the server's language when a request names none
    return subprocess.run([str(BINARY), "evaluate", "--criteria", str(CRITERIA), "--title", title, "--date", date, "--input", str(path),
                           *lang, *args], capture_output=True, text=True).stdout


def post_lines(server, title, date, body, query=""):
    r = server.post(f"/v1/evaluate/{title}?date={date}{query}", data=body.encode("utf-8"), headers=JSONL)
    assert r.status_code == 200, r.text
    return r.content.decode("utf-8")


def as_cli(text, lang="vi"):
    """The server's answer as the CLI writes it in `lang`: the server's error rows carry the
    message in English (`error`) and Vietnamese (`error_vi`); the CLI's, in its language only."""
    rows = [line for line in text.splitlines() if '"error":' in line]
    string = r'"(?:[^"\\]|\\.)+"'
    keep = r'"error":\2' if lang == "vi" else r'"error":\1'
    plain, removed = re.subn(r'"error":(' + string + r'),"error_vi":(' + string + r')', keep, text)
    assert removed == len(rows), "every error row has its Vietnamese text"
    return plain


def value_for(rng, info):
    """A value for one input: mostly plain and in range, sometimes what the row path must word."""
    kind = info["kind"]
    slip = rng.random() < 0.06
    if kind == "int":
        return rng.choice([3.0, "7", -5, 10**12]) if slip else rng.randint(0, 60)
    if kind == "decimal":
        return rng.choice([1.5e2, 0.12345678, "0.5", -3]) if slip else round(rng.uniform(0, 1.2), rng.randint(0, 3))
    if kind == "bool":
        return rng.choice([1, "yes", 0]) if slip else rng.random() < 0.6
    if kind == "category":
        return rng.choice(["khong_co", 2, "Tốt"]) if slip else rng.choice(info.get("values") or ["x"])
    if kind == "date":
        return rng.choice(["2023-02-30", 20230101]) if slip else f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    return rng.choice(["Hà Nội", 5]) if slip else rng.choice(["a", "b c", "x-1"])


def record_for(rng, i, top, members):
    rec = {}
    if rng.random() < 0.9:
        rec["id"] = rng.choice([f"r{i}", f"r{i}", i, "", 'q"uote', "Nguyễn"]) if rng.random() < 0.2 else f"r{i}"
    for name, info in top.items():
        if rng.random() < 0.08:
            continue  # missing
        if info["kind"] == "list":
            rows = []
            for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
                m = {f: value_for(rng, mi) for f, mi in members.get(name, {}).items() if rng.random() < 0.95}
                if info.get("title") and rng.random() < 0.5:
                    m["result.recognized"] = rng.random() < 0.5
                rows.append(m)
            rec[name] = rows if rng.random() > 0.02 else {"not": "a list"}
        else:
            rec[name] = value_for(rng, info) if rng.random() > 0.03 else None
    if rng.random() < 0.03:
        rec["khong_phai_dau_vao"] = 1
    if rng.random() < 0.03:
        rec["context"] = {"x": 1}
    return rec


def inputs_of(set_json):
    top, members = {}, {}
    for i in set_json["inputs"]:
        if "." in i["name"]:
            lst, field = i["name"].split(".", 1)
            members.setdefault(lst, {})[field] = i
        else:
            top[i["name"]] = i
    return top, members


def body_for(rng, top, members, n):
    lines = []
    for i in range(n):
        text = json.dumps(record_for(rng, i, top, members), ensure_ascii=rng.random() < 0.5,
                          separators=rng.choice([(",", ":"), (", ", ": ")]))
        lines.append(text)
        r = rng.random()
        if r < 0.01:
            lines.append("{broken")
        elif r < 0.02:
            lines.append("   ")
        elif r < 0.025:
            lines.append(text[:-1] + ',"id":"twice"}' if text.endswith("}") else text)
        elif r < 0.03:
            lines.append("[1, 2]")
    return "\n".join(lines) + "\n"


def every_set(server):
    for t in server.get("/v1/titles?date=2024-06-01").json()["titles"]:
        for set_id in t["versions"]:
            s = server.get("/v1/sets/" + set_id.replace("/", "%2F")).json()
            yield t["title"], s["valid_from"], s


def test_every_set_answers_as_the_cli(server, tmp_path):
    # Generated records for every version of every title, judged on the day it came into
    # force: the server's JSON-lines answer must be the CLI's, byte for byte. A record's own
    # `context` object is the server's alone (the CLI reads `context.x` as a name the set
    # does not read, and warns): its unknown key `x` makes that record an `unknown_context`
    # error there, and only those records differ.
    rng = random.Random(15)
    seen = refused = 0
    for title, date, s in every_set(server):
        top, members = inputs_of(s)
        body = body_for(rng, top, members, 1500)
        served = as_cli(post_lines(server, title, date, body)).splitlines()
        by_cli = cli_lines(tmp_path, title, date, body).splitlines()
        assert len(served) == len(by_cli), s["id"]
        lines = body.splitlines()
        for answer, expected in zip(served, by_cli):
            if '"code":"unknown_context"' in answer:
                row = json.loads(answer)
                assert re.search(r'"context": ?\{"x": ?1\}', lines[row["line"] - 1]), answer
                assert row["error"].startswith(f"dòng {row['line']}: khóa ngữ cảnh `x` không phải đầu vào của bộ `{s['id']}`"), answer
                refused += 1
            else:
                assert answer == expected, s["id"]
        seen += 1
    assert seen >= 19 and refused > 0


def test_plain_records_answer_as_the_cli_in_english_and_with_context(server, tmp_path):
    rng = random.Random(7)
    lines = []
    for i in range(4000):  # several pieces
        rec = {**FAMILY, "id": f"f{i}", "tre_em": [{"tuoi": rng.randint(3, 18), "di_hoc": rng.random() < 0.8, "mien_tru": rng.random() < 0.1}
                                                   for _ in range(rng.randint(0, 4))]}
        if i % 3 == 0:
            del rec["ty_le_nguoi_lon_cdht_toi_thieu"]
        if i % 5 == 0:
            rec["hoc_tap_nang_cao_doi_song"] = False
        lines.append(json.dumps(rec))
    body = "\n".join(lines) + "\n"
    for query, args in [("", []), ("&lang=en", ["--lang", "en"]),
                        ("&context.ty_le_nguoi_lon_cdht_toi_thieu=0.25", ["--context", "ty_le_nguoi_lon_cdht_toi_thieu=0.25"])]:
        lang = "en" if "--lang" in args else "vi"
        assert as_cli(post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body, query), lang) == \
            cli_lines(tmp_path, "gia_dinh_hoc_tap", "2024-06-01", body, *args)


def test_a_bad_line_in_the_middle_keeps_its_place(server):
    good = json.dumps(FAMILY)
    body = "\n".join([good, good, "{broken", "", good, '{"id": "u", "tuoi_cha": 40}', good]) + "\n"
    out = [json.loads(x) for x in post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body).splitlines()]
    assert [x["row"] for x in out] == [0, 1, 2, 3, 4, 5]
    assert out[2] == {"row": 2, "line": 3, "column": 2, "code": "json_syntax",
                      "error": "line 3, character 2: not valid JSON: expected a field name in double quotes, found `broken`",
                      "error_vi": "dòng 3, ký tự 2: không phải JSON hợp lệ: cần một tên trường trong dấu nháy kép, nhưng gặp `broken`"}
    assert out[0] == out[1] | {"row": 0} and out[3]["decision"] == "recognized" and out[5]["decision"] == "recognized"
    assert out[4]["id"] == "u" and out[4]["decision"] == "not_assessable"  # unknown key ignored, inputs missing


def test_missing_members_and_unknown_keys(server, tmp_path):
    no_children = {k: v for k, v in FAMILY.items() if k != "tre_em"}
    lines = [json.dumps(no_children), json.dumps({**FAMILY, "tre_em": [{"tuoi": 9}]}), json.dumps({**FAMILY, "tre_em": [{"tuoi": 9, "x": 1}]}),
             json.dumps({**FAMILY, "tre_em": [{"tuoi": 40, "di_hoc": True, "mien_tru": False}]}),
             json.dumps({**FAMILY, "nguoi_lon": [{"mien_tru": False, "result.recognized": False}]}),
             json.dumps({**FAMILY, "nguoi_lon": [{"mien_tru": False}]}), json.dumps({**FAMILY, "tre_em": 5})]
    body = "\n".join(lines) + "\n"
    out = post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body)
    assert as_cli(out) == cli_lines(tmp_path, "gia_dinh_hoc_tap", "2024-06-01", body)
    rows = [json.loads(x) for x in out.splitlines()]
    assert rows[3]["problems"][0]["input"] == "tre_em[0].tuoi"
    assert rows[4]["decision"] == "not_recognized"


def test_explain_and_strict_still_answer_as_the_cli(server, tmp_path):
    body = "\n".join([json.dumps(FAMILY), json.dumps({**FAMILY, "tuoi_cha": 40}), json.dumps({**FAMILY, "hoc_tap_nang_cao_doi_song": False})]) + "\n"
    assert as_cli(post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body, "&explain=1")) == \
        cli_lines(tmp_path, "gia_dinh_hoc_tap", "2024-06-01", body, "--explain")
    assert as_cli(post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body, "&strict=1&lang=en"), "en") == \
        cli_lines(tmp_path, "gia_dinh_hoc_tap", "2024-06-01", body, "--strict", "--lang", "en")
    strict = [json.loads(x) for x in post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body, "&strict=1").splitlines()]
    assert strict[1]["code"] == "unknown_input" and strict[0]["decision"] == "recognized"


def test_json_lines_limits(tmp_path):
    s = Server(tmp_path, "--max-body", "300000", "--max-records", "1000")
    try:
        line = json.dumps(FAMILY, separators=(",", ":"))
        r = s.post(EVALUATE, data="\n".join([line] * 1000) + "\n", headers=JSONL)
        assert r.status_code == 200 and r.text.count('"decision":"recognized"') == 1000
        r = s.post(EVALUATE, data="\n".join([line] * 1001) + "\n", headers=JSONL)
        out = r.text.splitlines()
        assert len(out) == 1001 and json.loads(out[-1]) == {"code": "too_many_records",
                                                            "error": "a request holds at most 1000 records; the rest were not read",
                                                            "error_vi": "mỗi yêu cầu chứa tối đa 1000 bản ghi; phần còn lại không được đọc"}
        error_of(s.post(EVALUATE, data="\n".join([line] * 1600) + "\n", headers=JSONL), 413, "body_too_large",
                 "a request body holds at most 300000 bytes")
        assert s.get("/healthz").status_code == 200
    finally:
        assert s.stop() == 0


def test_streamed_answer_is_plain_chunks_whatever_the_client_accepts(server):
    # The pieces are framed as chunks by the server itself (routes.cpp, write_chunk): the
    # answer must stay uncompressed even when the client offers compression.
    body = "\n".join([json.dumps(FAMILY)] * 3000) + "\n"
    r = server.post(EVALUATE, data=body, headers={**JSONL, "Accept-Encoding": "gzip, deflate, br"})
    assert r.status_code == 200 and r.headers["Transfer-Encoding"] == "chunked" and "Content-Encoding" not in r.headers
    assert r.text.count('"decision":"recognized"') == 3000 and r.text.count("\n") == 3000


def test_crlf_lines_a_bom_and_no_final_newline_answer_as_the_cli(server, tmp_path):
    good = json.dumps(FAMILY)
    body = "\ufeff" + good + "\r\n" + good + "\r\n\r\n  " + json.dumps({**FAMILY, "id": "last"})
    assert post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body) == cli_lines(tmp_path, "gia_dinh_hoc_tap", "2024-06-01", body)


def test_a_bom_is_skipped_at_the_body_start_only(server, tmp_path):
    # A byte order mark starts the body, or it is a character out of place: at the start of
    # a line, and at the start of a piece the server judges on its own (a line after the
    # first 256 KiB), with or without the fast path (explain takes the row path), as the
    # CLI says.
    good = json.dumps(FAMILY)
    body = "\ufeff" + good + "\n\ufeff" + good + "\n" + good + "\n"
    out = [json.loads(x) for x in post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body).splitlines()]
    assert [x.get("decision") for x in out] == ["recognized", None, "recognized"]
    assert out[1] == {"row": 1, "line": 2, "column": 1, "code": "json_syntax",
                      "error": "line 2, character 1: not valid JSON: expected a value, found a byte order mark (U+FEFF)",
                      "error_vi": "dòng 2, ký tự 1: không phải JSON hợp lệ: cần một giá trị, nhưng gặp dấu thứ tự byte (U+FEFF)"}
    assert as_cli(post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body)) == cli_lines(tmp_path, "gia_dinh_hoc_tap", "2024-06-01", body)
    # The line that starts the second piece: the first to start past the line end at or
    # after byte 256 Ki of the body.
    lines, at = [], 0
    while True:
        lines.append(good)
        at += len(good)
        if at >= 256 << 10:
            break
        at += 1
    lines += ["\ufeff" + good, good]
    body = "\n".join(lines) + "\n"
    for query, args in [("", []), ("&explain=1", ["--explain"])]:
        out = post_lines(server, "gia_dinh_hoc_tap", "2024-06-01", body, query)
        assert as_cli(out) == cli_lines(tmp_path, "gia_dinh_hoc_tap", "2024-06-01", body, *args)
        rows = [json.loads(x) for x in out.splitlines()]
        assert len(rows) == len(lines) and "decision" not in rows[-2] and rows[-1]["decision"] == "recognized"
        assert rows[-2]["row"] == len(lines) - 2 and rows[-2]["line"] == len(lines) - 1
        assert rows[-2]["error"] == f"line {len(lines) - 1}, character 1: not valid JSON: expected a value, found a byte order mark (U+FEFF)"
