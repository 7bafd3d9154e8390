"""`/open-data`: every download of the register with its contents, standard and licence, each link
answering with the file it promises, in Dutch and in English."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from publisher.export_files import OPEN_DATA_FILES

MEDIA_TYPES = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               ".json": "application/json", ".geojson": "application/geo+json", ".xml": "application/xml",
               ".atom": "application/atom+xml", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}


def test_every_download_on_the_page_is_there_with_its_licence(demo_client: TestClient) -> None:
    page = demo_client.get("/open-data")
    assert page.status_code == 200
    assert 'href="/open-data" aria-current="page"' in page.text  # in the main navigation
    assert 'rel="license">CC0 1.0</a>' in page.text and "Laatste publicatie:" in page.text
    table = page.text[page.text.index("<table"):page.text.index("</table>")]
    downloads = re.findall(r'<th scope="row"><a href="([^"]+)">', table)
    assert len(downloads) == table.count("<td>CC0 1.0</td>") >= 8
    assert {file.path for file in OPEN_DATA_FILES} <= set(downloads)  # every file the command line makes
    for path in downloads:
        answer = demo_client.get(path)
        assert answer.status_code == 200, path
        extension = path[path.rindex("."):]
        assert answer.headers["content-type"].startswith(MEDIA_TYPES[extension]), (path, answer.headers)
        content_type = answer.headers["content-type"]
        assert content_type.count("charset") <= 1, content_type  # litestar adds one to text types itself
        assert not content_type.startswith("text/") or "charset=utf-8" in content_type, content_type
        assert answer.content

    for example in re.findall(r'<a href="(/api/v1/[^"]+)"><code>GET ', page.text):
        assert demo_client.get(example.replace("&amp;", "&")).status_code == 200, example


def test_the_page_speaks_english_when_asked(demo_client: TestClient) -> None:
    page = demo_client.get("/open-data", params={"lang": "en"})
    assert "Open data: the register to download" in page.text
    assert "Every entry in its current version, a row each" in page.text
    assert "Alle registraties in hun huidige versie" not in page.text
