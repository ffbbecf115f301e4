"""The family form of `hoctap serve` in headless Chromium, driven over the DevTools
protocol: fill a family with two children, submit, read the result off the page; the
screenshot is kept in build/test-artifacts/serve-form-family.png."""
import base64
import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import websocket

from test_serve import ROOT, Server

ARTIFACTS = ROOT / "build" / "test-artifacts"


class Page:
    """One Chromium tab over the DevTools protocol."""

    def __init__(self, tmp_path):
        self.proc = subprocess.Popen(
            ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--remote-allow-origins=*",
             f"--user-data-dir={tmp_path / 'profile'}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--window-size=420,1400", "about:blank"],
            # Its singleton socket's folder inside tmp_path: a terminated Chromium leaves it behind.
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp_path)})
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        assert port, "chromium did not start"
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                assert "error" not in msg, msg
                return msg.get("result", {})

    def js(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        assert "exceptionDetails" not in r, r
        return r["result"].get("value")

    def open(self, url):
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 30
        while self.js("document.readyState") != "complete" or self.js("location.href") != url:
            assert time.monotonic() < deadline
            time.sleep(0.05)

    def wait_for(self, expression, timeout=20):
        deadline = time.monotonic() + timeout
        while not self.js(expression):
            assert time.monotonic() < deadline, expression
            time.sleep(0.05)

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    p = Page(tmp_path_factory.mktemp("chromium"))
    yield p
    p.close()


def test_family_form_in_chromium(tmp_path, page):
    s = Server(tmp_path)
    try:
        page.open(s.url + "/")
        links = page.js("Array.from(document.querySelectorAll('ul.titles a')).map(a => a.textContent)")
        assert "Gia đình học tập" in links
        url = s.url + "/forms/gia_dinh_hoc_tap?date=2024-06-01&lang=vi"
        page.open(url)
        assert page.js("document.querySelector('h1').textContent") == "Gia đình học tập"
        assert page.js("document.querySelector('#rows-tre_em').parentElement.querySelector('legend').textContent") == "Trẻ em trong gia đình"
        # Two children at school, no adults, the locality's share, learning helps the family.
        page.js("""
            document.getElementById('f-ty_le_nguoi_lon_cdht_toi_thieu').value = '0.5';
            document.getElementById('f-hoc_tap_nang_cao_doi_song').value = 'true';
            for (const [age, school] of [[9, 'true'], [12, 'true']]) {
              document.getElementById('add-tre_em').click();
              const row = document.querySelector('#rows-tre_em .row:last-child');
              row.querySelector('[data-field=tuoi]').value = String(age);
              row.querySelector('[data-field=di_hoc]').value = school;
              row.querySelector('[data-field=mien_tru]').value = 'false';
            }
            document.getElementById('submit').click();
        """)
        page.wait_for("!document.getElementById('result').hidden")
        assert page.js("document.getElementById('decision').textContent") == "Được công nhận"
        assert page.js("document.getElementById('grade').textContent") == "Xếp loại: Đạt"
        rows = page.js("Array.from(document.querySelectorAll('#nodes tr')).slice(1).map(tr => Array.from(tr.cells).map(c => c.textContent))")
        assert rows == [
            ["1. Trẻ em trong độ tuổi phổ cập đều đi học đúng độ tuổi", "", "Đạt"],
            ["2. Người lớn trong gia đình trở thành Công dân học tập", "", "Không áp dụng"],
            ["3. Học tập giúp gia đình thoát nghèo, phát triển sản xuất, nâng cao đời sống văn hóa", "", "Đạt"],
        ]
        assert page.js("Array.from(document.querySelectorAll('#reasons li')).map(li => li.textContent)") == ["Được công nhận Đạt"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        (ARTIFACTS / "serve-form-family.png").write_bytes(base64.b64decode(shot["data"]))

        # A date no version is in force on: the server's refusal, in the form's language.
        page.js("document.getElementById('date').value = '1990-01-01'; document.getElementById('submit').click();")
        page.wait_for("document.querySelector('#result p').textContent.startsWith('not_in_force')")
        assert page.js("document.querySelector('#result p').textContent") == (
            "not_in_force: không có bộ tiêu chí nào cho danh hiệu `gia_dinh_hoc_tap` có hiệu lực vào ngày 1990-01-01")

        # One child out of school: not recognized, and the English switch.
        page.open(s.url + "/forms/gia_dinh_hoc_tap?date=2024-06-01&lang=en")
        page.js("""
            document.getElementById('f-ty_le_nguoi_lon_cdht_toi_thieu').value = '0.5';
            document.getElementById('f-hoc_tap_nang_cao_doi_song').value = 'true';
            document.getElementById('add-tre_em').click();
            const row = document.querySelector('#rows-tre_em .row');
            row.querySelector('[data-field=tuoi]').value = '10';
            row.querySelector('[data-field=di_hoc]').value = 'false';
            row.querySelector('[data-field=mien_tru]').value = 'false';
            document.getElementById('submit').click();
        """)
        page.wait_for("!document.getElementById('result').hidden")
        assert page.js("document.getElementById('decision').textContent") == "Not recognized"
        assert page.js("document.querySelector('#nodes tr:nth-child(2) td:last-child').textContent") == "Not met"
        page.js("document.getElementById('date').value = '1990-01-01'; document.getElementById('submit').click();")
        page.wait_for("document.querySelector('#result p').textContent.startsWith('not_in_force')")
        assert page.js("document.querySelector('#result p').textContent") == (
            "not_in_force: no criteria set for the title `gia_dinh_hoc_tap` is in force on 1990-01-01")
    finally:
        assert s.stop() == 0


def test_points_form_shows_total_grade_and_distance(tmp_path, page):
    s = Server(tmp_path)
    try:
        page.open(s.url + "/forms/don_vi_hoc_tap_huyen_tinh?date=2022-06-01&lang=en")
        page.js("""
            const values = {so_thanh_vien: 20, so_tv_co_ke_hoach_tu_hoc: 20, so_tv_chap_hanh_ky_luat: 20, so_tv_hoan_thanh_boi_duong: 20,
                            so_tv_lao_dong_tien_tien: 20, so_tv_dat_nang_luc_cdht: 20, danh_hieu_tap_the: 'tap_the_lao_dong_tien_tien',
                            'score.tc1_1': 2, 'score.tc1_2': 5, 'score.tc1_3': 5, 'score.tc3_3': 5};
            for (const [name, v] of Object.entries(values)) document.getElementById('f-' + name).value = String(v);
            document.getElementById('submit').click();
        """)
        page.wait_for("!document.getElementById('result').hidden")
        text = page.js("['decision', 'total', 'grade', 'next'].map(id => document.getElementById(id).textContent)")
        assert text == ["Recognized", "Total: 82 / 100", "Grade: Fairly good", "3 points short of Good"]
        first = page.js("Array.from(document.querySelectorAll('#nodes tr:nth-child(3) td')).map(c => c.textContent)")
        assert first[1:] == ["2/10", "Not met"]
        # A score emptied: the reasons say it is missing.
        page.js("document.getElementById('f-score.tc1_1').value = ''; document.getElementById('submit').click();")
        page.wait_for("Array.from(document.querySelectorAll('#reasons li')).some(li => li.textContent.includes('`score.tc1_1` is missing'))")
    finally:
        assert s.stop() == 0
