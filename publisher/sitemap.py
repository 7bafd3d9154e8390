"""`/sitemap.xml` (sitemaps.org protocol 0.9): every public page, so search engines find each entry, its
history and each of its published versions. Destroyed entries are gone (410) and not listed; withdrawn
ones stay readable and are. Built with lxml from published versions only."""

from __future__ import annotations

from lxml import etree

from publisher.open_data import entry_url
from register.published import PublishedRegister

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITE_PAGES = ("/", "/zoeken", "/kaart", "/organisaties", "/open-data", "/toegankelijkheid")
MAX_URLS = 50_000
"""The protocol's limit for one file; a register this large would need a sitemap index."""


def sitemap_xml(register: PublishedRegister, public_url: str) -> bytes:
    root = etree.Element(f"{{{SITEMAP_NAMESPACE}}}urlset", nsmap={None: SITEMAP_NAMESPACE})
    base = public_url.rstrip("/")

    def add(location: str, modified: str | None = None) -> None:
        url = etree.SubElement(root, f"{{{SITEMAP_NAMESPACE}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NAMESPACE}}}loc").text = location
        if modified:
            etree.SubElement(url, f"{{{SITEMAP_NAMESPACE}}}lastmod").text = modified

    for page in SITE_PAGES:
        add(base + page)
    for organisation in register.organisations():
        add(f"{base}/organisaties/{organisation.tooi_id}")
    newest: dict[str, str] = {}
    for version in register.publication_history():
        page = entry_url(base, version.entry_id)
        moment = (version.withdrawn_at or version.published_at).isoformat()
        add(f"{page}/versies/{version.version_no}", version.published_at.isoformat())
        newest[version.entry_id] = max(newest.get(version.entry_id, moment), moment)
    for entry_id, moment in newest.items():
        add(entry_url(base, entry_id), moment)
        add(f"{entry_url(base, entry_id)}/versies", moment)
    if len(root) > MAX_URLS:
        raise ValueError(f"{len(root)} public pages: more than one sitemap file may list ({MAX_URLS})")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
