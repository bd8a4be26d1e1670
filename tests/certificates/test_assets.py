"""The renderer's allow-list of fetchable files (pure)."""
import pytest

from lms.certificates.assets import STATIC_ROOT, Asset, AssetRefused, asset_url, load_logo, resolve_asset
from lms.certificates.fonts import SYSTEM_FONTS, installed_system_fonts


def test_packaged_fonts_stylesheet_and_logo_are_served():
    font = resolve_asset(asset_url("fonts/DejaVuSans.ttf"))
    assert font.media_type == "font/ttf" and font.content[:4] == b"\x00\x01\x00\x00"
    assert resolve_asset(asset_url("pdf/certificate.css")).media_type == "text/css"
    assert b"<svg" in resolve_asset(asset_url("img/logo.svg")).content


def test_fonts_ship_with_their_licence():
    assert "bitstream-vera" in (STATIC_ROOT / "fonts" / "LICENSE").read_text()


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.org/font.ttf",
    "data:text/css,body{}",
    "//example.org/x.css",
    "/etc/passwd",
    "fonts/DejaVuSans.ttf",
    "lms-asset:../__init__.py",
    "lms-asset:fonts/../../models.py",
    "lms-asset:%2e%2e/%2e%2e/config.py",
    "lms-asset:/etc/passwd",
    "lms-asset:fonts\\..\\..\\models.py",
    "lms-asset:fonts/LICENSE",
    "lms-asset:js/certificates.js",
    "lms-asset:fonts/missing.ttf",
    "lms-asset:",
])
def test_everything_else_is_refused(url):
    with pytest.raises(AssetRefused):
        resolve_asset(url)


def test_extra_assets_are_served_by_name_only():
    logo = Asset(b"<svg/>", "image/svg+xml")
    assert resolve_asset("lms-asset:logo", {"logo": logo}) is logo
    with pytest.raises(AssetRefused):
        resolve_asset("lms-asset:logo")


def test_configured_logo_must_be_inside_the_instance_folder(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "logo.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "outside.svg").write_text("<svg/>")
    assert load_logo("logo.png", [instance]).media_type == "image/png"
    assert load_logo(str(instance / "logo.png"), [instance]).content.startswith(b"\x89PNG")
    with pytest.raises(AssetRefused):
        load_logo(str(tmp_path / "outside.svg"), [instance])
    with pytest.raises(AssetRefused):
        load_logo("../outside.svg", [instance])
    with pytest.raises(AssetRefused):
        load_logo("/etc/passwd", [instance])
    assert b"<svg" in load_logo(None, [instance]).content


@pytest.mark.parametrize("key", ["../../../../etc/passwd", "arabic/../../etc/passwd", "fonts/DejaVuSans.ttf", "nope",
                                 "", "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"])
def test_only_the_listed_system_fonts_are_served(key):
    with pytest.raises(AssetRefused, match="system font"):
        resolve_asset(asset_url("system-fonts/" + key))


def test_an_installed_system_font_is_served_from_its_listed_path():
    if not installed_system_fonts():
        pytest.skip("no Noto font installed (Debian: apt-get install fonts-noto-core fonts-noto-cjk)")
    font = installed_system_fonts()[0]
    assert font in SYSTEM_FONTS
    assert resolve_asset(asset_url("system-fonts/" + font.key)).content[:4] in (b"\x00\x01\x00\x00", b"ttcf", b"OTTO")
