"""The offline edition (`make offline`): one zip that works opened from disk, search included."""

from __future__ import annotations

import sys
import zipfile

import pytest
from conftest import Site, build, real_method_count, run

from methodkb.site import offline


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    target = tmp_path_factory.mktemp("offline") / "kb.zip"
    result = run(sys.executable, "scripts/offline.py", "-o", str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "离线版已写到" in result.stdout
    folder = target.parent / "unzipped"
    with zipfile.ZipFile(target) as archive:
        assert {name.split("/")[0] for name in archive.namelist()} == {offline.FOLDER}
        archive.extractall(folder)
    return folder / offline.FOLDER


@pytest.fixture(scope="module")
def disk(unpacked):
    from browser import chromium

    with chromium() as browser:
        yield Site(unpacked.as_uri(), browser)


def test_every_link_in_the_zip_leads_to_a_file(unpacked):
    assert offline.broken_links(str(unpacked)) == {}
    assert (unpacked / "methods" / "junmen-13335" / "index.html").is_file()
    assert (unpacked / "collections" / "hunan.pdf").is_file()
    assert "解压" in (unpacked / "README.txt").read_text(encoding="utf-8-sig")
    assert not (unpacked / "404.html").exists()


def test_browse_from_home_to_a_method_and_its_source_from_disk(disk):
    requests = []
    with disk.open("/index.html", width=390, requests=requests) as page:
        page.get_by_role("link", name="军门社区工作法“13335”").click()
        page.wait_for_url("**/methods/junmen-13335/index.html")
        assert page.locator(".kb-parts > li").count() == 5
        page.locator(".kb-place-chain a", has_text="福建省").click()
        page.wait_for_url("**/provinces/fujian.html")
        page.go_back()
        page.locator(".kb-sources a").first.click()
        page.wait_for_url("**/sources/mz-2018-42.html")
    assert requests and all(url.startswith("file://") for url in requests), requests


def test_search_works_from_disk(disk):
    with disk.open("/provinces/index.html", width=390) as page:
        page.locator(".kb-search__open").click()
        page.locator(".kb-search__input").fill("三事分流")
        first = page.locator(".kb-search__results a").first
        first.wait_for()
        assert "三事分流" in first.inner_text()
        first.click()
        page.wait_for_url("**/methods/nanan-sanshifenliu/index.html")


def test_filter_works_from_disk(disk):
    with disk.open("/filter/index.html", width=390) as page:
        page.wait_for_function("document.querySelector('.kb-filter__count').textContent.startsWith('共')")
        assert page.locator(".kb-filter__count").inner_text().startswith(f"共 {real_method_count()} 个条目")
        page.select_option("select[name=province]", "湖南省")
        assert page.locator(".kb-filter__count").inner_text().startswith(f"共 {real_method_count('湖南省')} 个")
        page.locator(".kb-filter__results li > a").first.click()
        page.wait_for_url("**/methods/*/index.html")


def test_a_broken_offline_link_stops_the_zip(tmp_path):
    (tmp_path / "index.html").write_text('<a href="methods/">全部</a><a href="a.html">甲</a>', encoding="utf-8")
    (tmp_path / "a.html").write_text('<img src="https://example.org/x.png">', encoding="utf-8")
    assert offline.broken_links(str(tmp_path)) == {"methods/": ["index.html"]}


def test_the_published_site_offers_the_offline_zip(tmp_path, built_site):
    target = tmp_path / "shequ-gongzuofa-offline.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(f"{offline.FOLDER}/index.html", "<p>离线版</p>")
    result = build(tmp_path / "site", env={"KB_OFFLINE_ZIP": str(target)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / target.name).read_bytes() == target.read_bytes()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f'href="{target.name}"' in home and "离线版" in home
    # Without it, the home page says nothing of an offline edition.
    assert target.name not in (built_site / "index.html").read_text(encoding="utf-8")
    missing = build(tmp_path / "other", env={"KB_OFFLINE_ZIP": str(tmp_path / "none.zip")})
    assert missing.returncode != 0 and "离线版压缩包不存在" in missing.stdout + missing.stderr
