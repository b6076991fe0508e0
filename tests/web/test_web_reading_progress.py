"""The 生成 job's progress shows 「读取 文件：已读 n / total 行」 while the exports are read, and its bar
never goes back (#17 item 4): every state a poll of /make/status could see is recorded."""

from __future__ import annotations

from test_flow import wait_for_job

import reportgen.app.reading as reading
import reportgen.ingest.xlsxparts as xlsxparts
from reportgen.web import usecases
from reportgen.web.workspace import Job


def test_make_job_shows_rows_read_and_its_bar_only_moves_on(client, sample_dir, monkeypatch):
    monkeypatch.setattr(usecases, "soffice_available", lambda: False)
    monkeypatch.setattr(xlsxparts, "CHUNK", 1 << 13)  # several reader calls for 300 persons
    monkeypatch.setattr(reading, "INTERVAL", 0)  # every call becomes a message
    seen: list[dict] = []
    advance = Job.advance

    def recorded(self: Job, n: int, message: str) -> None:
        advance(self, n, message)
        seen.append(self.as_dict())  # what /make/status answers until the next step

    monkeypatch.setattr(Job, "advance", recorded)
    client.upload(sample_dir / "建档立卡人口.xlsx")
    client.post_form("/documents", {"doc": ["工作总结"]})
    client.post_form("/make")
    status = wait_for_job(client)
    assert status["state"] == "done", status
    reads = [s for s in seen if "建档立卡人口.xlsx：已读" in s["message"]]
    assert len(reads) >= 2, [s["message"] for s in seen]
    assert reads[-1]["message"].endswith("行") and all(s["state"] == "running" for s in reads)
    percents = [s["percent"] for s in seen] + [status["percent"]]
    assert percents == sorted(percents) and percents[-1] == 100
    assert seen[-1]["message"] == "完成"
