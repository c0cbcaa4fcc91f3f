"""builder.svg: an SVG logo keeps only a safe subset of SVG, and a hostile or broken file is refused
with a message naming it, never with another exception. Fast: no build."""

from __future__ import annotations

import base64
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.svg import (
    ATTRIBUTES,
    ELEMENTS,
    MAX_DEPTH,
    MAX_SVG_BYTES,
    SvgError,
    sanitise_svg,
    sanitise_svg_report,
)

ROOT = Path(__file__).resolve().parent.parent
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
REAL_LOGOS = sorted([*ROOT.glob("sites/*/logo*.svg"), *ROOT.glob("tests/fixtures/logo*.svg")])
SOURCE = "sites/fork/logo.svg"

FORBIDDEN_ELEMENTS = {
    "script", "foreignObject", "iframe", "embed", "object", "image", "feImage", "a", "set", "animate",
    "animateTransform", "animateMotion", "handler", "listener", "html", "body", "base", "link", "meta",
}  # fmt: skip
HREF_NAMES = {"href", f"{{{XLINK}}}href"}
URL = re.compile(r"(?<![\w-])url\s*\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


def assert_safe(output: bytes) -> ET.Element:
    """The output parses as XML (with no DTD, entity, comment or PI) and holds only allow-listed SVG."""
    text = output.decode("utf-8")
    for construct in ("<!DOCTYPE", "<!ENTITY", "<?", "<!--", "<![CDATA["):
        assert construct not in text, construct
    root = ET.fromstring(output)
    assert root.tag == f"{{{SVG}}}svg"
    for element in root.iter():
        assert isinstance(element.tag, str) and element.tag.startswith(f"{{{SVG}}}"), element.tag
        local = element.tag.removeprefix(f"{{{SVG}}}")
        assert local in ELEMENTS and local not in FORBIDDEN_ELEMENTS, local
        if local == "use":
            assert any(element.get(name, "").startswith("#") for name in HREF_NAMES), "a <use> without a #fragment"
        for name, value in element.attrib.items():
            bare = name.rsplit("}", 1)[-1]
            assert not bare.lower().startswith("on"), name
            if name in HREF_NAMES:
                assert re.fullmatch(r"#[\w.:-]+", value), (name, value)
                continue
            assert name in ATTRIBUTES or name in (f"{{{XML}}}space", f"{{{XML}}}lang"), name
            assert_urls_local(value)
            if name == "style":
                assert_css_safe(value)
        if local == "style":
            assert not element.attrib
            assert_css_safe(element.text or "")
    return root


def assert_urls_local(value: str) -> None:
    """Every `url(...)` in a value (read as CSS) is a `#fragment`, and no CSS escape could hide one."""
    assert "\\" not in value or "(" not in value, value
    for _quote, target in URL.findall(value):
        assert target.startswith("#"), value


def assert_css_safe(css: str) -> None:
    assert_urls_local(css)
    folded = css.lower()
    for word in ("javascript", "expression", "@", "\\", "-moz-binding"):
        assert word not in folded, (word, css)
    assert not re.search(r"(?<![\w-])(background|background-image|cursor|content|behavior|src)\s*:", folded), css


def refused(data: bytes) -> SvgError:
    with pytest.raises(SvgError) as caught:
        sanitise_svg(data, SOURCE)
    assert SOURCE in str(caught.value)
    return caught.value


def clean(data: bytes) -> bytes:
    output = sanitise_svg(data, SOURCE)
    assert_safe(output)
    assert sanitise_svg(output, "again.svg") == output, "not idempotent"
    return output


def svg(body: str, attributes: str = "") -> bytes:
    return (
        f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" viewBox="0 0 120 120" width="120" height="120"{attributes}>'
        f'<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>{body}</svg>'
    ).encode()


# The real logos


def test_there_are_real_logos():
    assert len(REAL_LOGOS) >= 3


def _tree(element: ET.Element) -> tuple:
    """An element's tag, attributes, text and children, whitespace between elements left out."""
    return (
        element.tag,
        sorted(element.attrib.items()),
        (element.text or "").strip(),
        [_tree(child) for child in element],
        (element.tail or "").strip(),
    )


@pytest.mark.parametrize("path", REAL_LOGOS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_real_logo_keeps_every_element_and_attribute(path):
    data = path.read_bytes()
    result = sanitise_svg_report(data, str(path))
    assert not [what for what in result.removed if what not in ("DOCTYPE",)], result.removed
    assert _tree(ET.fromstring(result.data)) == _tree(ET.fromstring(data))
    assert_safe(result.data)
    assert sanitise_svg(result.data, str(path)) == result.data


@pytest.mark.parametrize("slug", ["connecticut", "oakland", "solano"])
def test_the_communities_logos_come_back_byte_for_byte(slug):
    """Written as the serializer writes (no declaration, double quotes, `<empty/>`, one final newline)."""
    data = (ROOT / "sites" / slug / "logo.svg").read_bytes()
    assert sanitise_svg(data, slug) == data


def _raster(data: bytes) -> bytes:
    """The SVG drawn by WeasyPrint as an <img> (as the print pages do), as RGB pixels."""
    import pypdfium2
    import weasyprint

    uri = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    html = f'<style>@page{{size:130px 130px;margin:0}}body{{margin:0}}</style><img src="{uri}" style="width:120px;height:120px;display:block">'
    pdf = weasyprint.HTML(string=html).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()
    return image.tobytes()


EDITOR_EXPORT = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Generator: an editor, with everything editors write -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" version="1.1" x="0px" y="0px"
     viewBox="0 0 120 120" style="enable-background:new 0 0 120 120;" xml:space="preserve">
  <sodipodi:namedview pagecolor="#ffffff" inkscape:zoom="1"/>
  <metadata><title>rdf</title></metadata>
  <style type="text/css">
    /* classes */
    .st0{{fill:#1F4E3D;}}
    .st1{{fill:url(#grad);stroke:#E0A526;stroke-width:4;}}
    .st2 {{ fill : none ; stroke : #C8102E ; stroke-width : 6 ; stroke-linecap : round }}
  </style>
  <defs>
    <linearGradient id="base" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" style="stop-color:#FFFFFF"/>
      <stop offset="1" stop-color="#F2A900"/>
    </linearGradient>
    <linearGradient id="grad" xlink:href="#base" gradientTransform="rotate(45 .5 .5)"/>
    <clipPath id="clip"><circle cx="60" cy="60" r="50"/></clipPath>
    <symbol id="dot" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></symbol>
  </defs>
  <circle class="st0" cx="60" cy="60" r="56" inkscape:label="back"/>
  <g clip-path="url(#clip)" inkscape:groupmode="layer">
    <rect class="st1" x="20" y="20" width="80" height="80" rx="8"/>
  </g>
  <a xlink:href="https://example.org/" transform="translate(2 2)">
    <path class="st2" d="M30 60 L55 85 L92 40"/>
  </a>
  <use xlink:href="#dot" x="10" y="100" width="10" height="10" fill="#C8102E"/>
  <text x="60" y="116" font-family="sans-serif" font-size="8" text-anchor="middle">Every <tspan font-weight="bold">Day</tspan></text>
</svg>
""".encode()
"""What editors write around a drawing (declaration, comment, DOCTYPE, metadata, their own namespaces,
a stylesheet of classes, xlink references, a link), all harmless: drawn the same once sanitised."""

HOSTILE_EXPORT = EDITOR_EXPORT.replace(
    b"</svg>",
    b"""  <script type="text/javascript"><![CDATA[ alert(document.domain) ]]></script>
  <g onclick="alert(2)"><rect width="1" height="1" onmouseover="alert(3)"/></g>
  <a xlink:href="javascript:alert(4)"><rect width="1" height="1"/></a>
  <style>@import url(http://evil.example/x.css);</style>
  <?xml-stylesheet href="http://evil.example/y.css"?>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="http://evil"/></foreignObject>
  <image x="0" y="0" width="120" height="120" xlink:href="http://evil.example/x.png"/>
</svg>""",
).replace(b'xml:space="preserve"', b'xml:space="preserve" onload="alert(1)"')


@pytest.mark.parametrize("path", REAL_LOGOS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_real_logo_draws_the_same_pixels(path):
    data = path.read_bytes()
    assert _raster(sanitise_svg(data, str(path))) == _raster(data)


def test_an_editor_export_draws_the_same_pixels_once_sanitised():
    output = clean(EDITOR_EXPORT)
    assert _raster(output) == _raster(EDITOR_EXPORT)
    text = output.decode()
    assert ".st0{fill:#1F4E3D}" in text and 'xlink:href="#base"' in text and 'clip-path="url(#clip)"' in text
    assert "inkscape" not in text and "metadata" not in text and "example.org" not in text


def test_an_editor_export_with_hostile_parts_loses_them_and_nothing_else():
    result = sanitise_svg_report(HOSTILE_EXPORT, SOURCE)
    assert_safe(result.data)
    text = result.data.decode()
    assert "evil" not in text and "alert" not in text
    benign = sanitise_svg(EDITOR_EXPORT, SOURCE).decode()
    assert text.replace('<g><rect width="1" height="1"/></g>', "").split() == benign.split()
    for what in ("element <script>", "attribute onload", "attribute onclick", "CSS rule @import", "DOCTYPE", "element <image>"):
        assert what in result.removed, what


# A hostile corpus: each case is cleaned (and what it must have lost), or refused (and why)

CLEANED = {
    "script element": (svg("<script>alert(1)</script><rect width='1'/>"), ["<script", "alert"]),
    "script in another namespace": (svg("<x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert(1)</x:script>"), ["alert"]),
    "onload on the root": (svg("<rect width='1'/>", ' onload="alert(1)"'), ["onload", "alert"]),
    "onclick on a child": (svg("<g><rect width='1' onclick='alert(1)' ONMOUSEOVER='alert(2)'/></g>"), ["alert"]),
    "javascript link": (svg("<a xlink:href='javascript:alert(1)'><rect width='1'/></a>"), ["javascript", "<a"]),
    "svg2 href link": (svg("<a href='javascript:alert(1)' target='_top'><rect width='1'/></a>"), ["javascript"]),
    "foreignObject iframe": (
        svg("<foreignObject><iframe xmlns='http://www.w3.org/1999/xhtml' src='javascript:alert(1)'/></foreignObject>"),
        ["iframe", "foreignObject"],
    ),
    "foreignObject in switch": (
        svg("<switch><foreignObject><body xmlns='http://www.w3.org/1999/xhtml'>x</body></foreignObject><text>x</text></switch>"),
        ["body", "foreignObject"],
    ),
    "image over http": (svg("<image href='http://evil/x.png' width='9' height='9'/>"), ["evil", "<image"]),
    "image from a file": (svg("<image xlink:href='file:///etc/passwd' width='9' height='9'/>"), ["passwd"]),
    "image data uri": (svg("<image href='data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='/>"), ["data:"]),
    "external use": (svg("<use href='http://evil/sprite.svg#a'/>"), ["evil", "<use"]),
    "use of a data uri": (svg("<use xlink:href='data:image/svg+xml,%3Csvg%3E#a'/>"), ["data:", "<use"]),
    "external gradient href": (svg("<linearGradient id='h' href='http://evil/g.svg#g'/>"), ["evil"]),
    "style import": (svg("<style>@import url(http://evil/x.css); rect{fill:red}</style>"), ["@import", "evil"]),
    "style font-face": (svg("<style>@font-face{font-family:x;src:url(http://evil/f.woff)}</style>"), ["evil", "font-face"]),
    "style background url": (svg("<rect width='1' style='fill:red;background:url(javascript:alert(1))'/>"), ["javascript"]),
    "style escaped url": (svg("<rect width='1' style='fill:u\\72l(http://evil/x)'/>"), ["evil"]),
    "style expression": (svg("<rect width='1' style='width:expression(alert(1))'/>"), ["expression"]),
    "style behavior": (svg("<style>rect{behavior:url(x.htc);-moz-binding:url(x.xml#y)}</style>"), ["htc", "binding"]),
    "style attribute selector": (svg("<style>[href^=a]{fill:red}</style>"), ["href^"]),
    "fill url": (svg("<rect width='1' fill='url(http://evil/p.svg#p)'/>"), ["evil"]),
    "filter url": (svg("<g filter='url(&quot;http://evil/f.svg#f&quot;)'/>"), ["evil"]),
    "cursor url": (svg("<rect width='1' cursor='url(http://evil/c.png), auto'/>"), ["evil", "cursor"]),
    "xml:base": (svg("<g xml:base='http://evil/'><use href='#g'/></g>"), ["evil", "base"]),
    "feImage": (svg("<filter id='f'><feImage href='http://evil/x.png'/></filter>"), ["evil", "feImage"]),
    "set href": (svg("<a><set attributeName='href' to='javascript:alert(1)'/></a>"), ["javascript", "<set"]),
    "animate": (svg("<animate attributeName='href' values='javascript:alert(1)'/>"), ["javascript", "animate"]),
    "processing instruction": (b'<?xml-stylesheet href="http://evil/x.css"?>' + svg("<rect width='1'/>"), ["evil", "<?"]),
    "comment": (svg("<!-- <script>alert(1)</script> --><rect width='1'/>"), ["alert"]),
    "embed and object": (svg("<embed src='http://evil'/><object data='http://evil'/>"), ["evil"]),
    "html in svg namespace-less": (svg("<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>"), ["alert"]),
    "standard doctype": (
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg(""),
        ["DOCTYPE"],
    ),
}

REFUSED = {
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">'
        + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 or "") + ";") * 10}">'.encode() for i in range(1, 10))
        + b']><svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>',
        "DOCTYPE",
    ),
    "external entity": (
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        "DOCTYPE",
    ),
    "parameter entity": (
        b'<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://evil/x.dtd"> %p;]><svg xmlns="http://www.w3.org/2000/svg"/>',
        "DOCTYPE",
    ),
    "attribute defaults": (
        b'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]><svg xmlns="http://www.w3.org/2000/svg"/>',
        "DOCTYPE",
    ),
    "undeclared entity": (b'<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;</text></svg>', "well-formed"),
    "too large": (svg("<rect width='1'/>" * 150_000), "at most 1 MB"),
    "deep nesting": (svg("<g>" * 10_000 + "</g>" * 10_000), f"at most {MAX_DEPTH} deep"),
    "not xml": (b"this is not XML at all", "well-formed XML"),
    "empty": (b"", "empty"),
    "html root": (b"<html><body><svg xmlns='http://www.w3.org/2000/svg'/></body></html>", "found <html>"),
    "svg root in the wrong namespace": (b"<svg xmlns='http://www.w3.org/1999/xhtml'/>", "SVG namespace"),
    "png bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG"),
    "truncated": (svg("<rect width='1'/>")[:-10], "well-formed"),
    "use cycle": (svg("<g id='a'><use href='#a'/></g>"), "cycle"),
    "use bomb": (
        svg(
            "<g id='u0'><rect width='1'/><rect width='1'/></g>"
            + "".join(f"<g id='u{i}'><use href='#u{i - 1}'/><use href='#u{i - 1}'/></g>" for i in range(1, 30))
        ),
        "<use>",
    ),
    "multibyte encoding": (b'<?xml version="1.0" encoding="Shift_JIS"?><svg xmlns="http://www.w3.org/2000/svg"/>', "XML"),
}


@pytest.mark.parametrize("name", sorted(CLEANED))
def test_a_hostile_svg_is_cleaned(name):
    data, absent = CLEANED[name]
    output = clean(data)
    for word in absent:
        assert word not in output.decode(), word


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_or_broken_svg_is_refused_quickly(name):
    data, message = REFUSED[name]
    started = time.perf_counter()
    error = refused(data)
    assert time.perf_counter() - started < 0.5
    assert message in str(error)


def test_an_external_entity_is_never_read():
    error = refused(REFUSED["external entity"][0])
    assert "root:" not in str(error) and "entities" in str(error)


def test_the_size_limit_is_checked_before_parsing():
    data = b" " * (MAX_SVG_BYTES + 1)
    assert "at most 1 MB, found 1.0 MB" in str(refused(data))
    assert "MB" in str(refused(REFUSED["too large"][0]))


def test_only_an_svg_error_is_raised_for_what_is_not_bytes():
    with pytest.raises(SvgError):
        sanitise_svg("<svg/>", SOURCE)  # type: ignore[arg-type]


# What is kept, and how


def test_a_link_becomes_a_group_and_in_text_a_tspan():
    output = clean(svg("<a xlink:href='https://example.org' transform='scale(2)'><text>a <a href='#x'>b</a> c</text></a>"))
    assert b'<g transform="scale(2)"><text>a <tspan>b</tspan> c</text></g>' in output


def test_text_after_a_dropped_element_stays_in_place():
    output = clean(svg("<text>one <script>x</script>two <foreignObject/>three</text>"))
    assert b"<text>one two three</text>" in output


def test_local_references_are_kept():
    body = (
        "<use href='#g'/><use xlink:href='#g' x='3'/><rect width='1' fill='url(#g)' style='stroke:url(\"#g\")'/>"
        "<g clip-path='url(#g)' mask='url(#g)' filter='url(#g)'/>"
    )
    root = assert_safe(clean(svg(body)))
    assert len(root.findall(f".//{{{SVG}}}use")) == 2
    rect = root.find(f"{{{SVG}}}rect")
    assert rect is not None and rect.get("fill") == "url(#g)" and rect.get("style") == 'stroke:url("#g")'


def test_safe_css_is_kept_in_a_canonical_form():
    output = clean(svg("<style>/* c */ .a , #b > rect:hover { fill : #123 ; stroke-width : 2px !important }</style>"))
    assert b"<style>.a , #b &gt; rect:hover{fill:#123;stroke-width:2px!important}</style>" in output


def test_xlink_is_declared_only_when_used():
    assert b"xmlns:xlink" not in clean(svg("<rect width='1'/>"))
    assert b'xmlns:xlink="http://www.w3.org/1999/xlink"' in clean(svg("<use xlink:href='#g'/>"))


def test_a_root_without_namespace_is_made_an_svg():
    output = clean(b"<svg viewBox='0 0 1 1'><rect width='1'/><x:y xmlns:x='urn:x'/></svg>")
    assert output == b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1"/></svg>\n'


def test_prefixed_svg_is_written_with_the_default_namespace():
    data = f"<s:svg xmlns:s='{SVG}'><s:rect width='1'/></s:svg>".encode()
    assert clean(data) == b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>\n'


def test_other_encodings_come_back_as_utf8_with_special_characters_kept():
    text = '<?xml version="1.0" encoding="UTF-16"?><svg xmlns="http://www.w3.org/2000/svg"><title>Año &amp; día &lt;1&gt;</title><rect width="1" aria-label="a&#10;b&quot;"/></svg>'
    output = clean(text.encode("utf-16"))
    assert (
        output
        == (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>Año &amp; día &lt;1&gt;</title>'
            '<rect width="1" aria-label="a&#10;b&quot;"/></svg>\n'
        ).encode()
    )


def test_the_same_input_gives_the_same_bytes():
    assert sanitise_svg(EDITOR_EXPORT, "a.svg") == sanitise_svg(EDITOR_EXPORT, "b.svg")


# Random documents mixing allowed and hostile parts

TAGS = sorted(ELEMENTS) + [
    "script", "foreignObject", "iframe", "image", "a", "set", "animate", "feImage", "unknown", "inkscape:thing", "xhtml:script",
]  # fmt: skip
NAMES = [
    "id", "class", "fill", "stroke", "transform", "d", "x", "width", "style", "href", "xlink:href", "onload",
    "onclick", "OnMouseOver", "cursor", "xml:base", "xml:space", "clip-path", "filter", "mask", "inkscape:label", "type",
]  # fmt: skip
VALUES = [
    "#g", "#missing", "red", "url(#g)", 'url("#g") red', "10", "rotate(45 1 1)", "M0 0 L1 1",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "http://evil/x#g",
    "url(http://evil/x)", "url(javascript:alert(1))", "u\\rl(http://evil)", "url( 'data:x' )", "expression(alert(1))",
    "fill:red;stroke:url(#g)", "fill:red;background:url(http://evil)", "fill:u\\72l(http://x)", "@import url(x)",
    "fill:red /* c */ ;; stroke : blue !important", "  ", "", "a&b<c>\"d'\n\te", "#a b",
]  # fmt: skip
CSS = [
    "rect{fill:red}", ".a{fill:url(#g)}", "@import url(http://evil);", "@media print{.a{fill:red}}",
    ".b{background:url(javascript:x)}", "#c > d , e{stroke : blue ; stroke-width: 2 !important}", "[x]{fill:red}",
    ":not(.a){fill:red}", "f{fill:rgb( 1 , 2 , 3 ) /* c */}", "g{fill:u\\72l(http://x)}", "}{;", "h{font-family:'A B', serif}",
    "i{transform:rotate(3deg) translate(1px,2px)}", "j{fill:expression(alert(1))}", "/* unclosed",
]  # fmt: skip
NAMESPACES = (
    f'xmlns="{SVG}" xmlns:xlink="{XLINK}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)
PROLOGUES = [
    "", '<?xml version="1.0" encoding="UTF-8"?>', "<!-- c -->", '<?xml-stylesheet href="http://evil"?>',
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
    '<!DOCTYPE svg [<!ENTITY x "y">]>', '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
]  # fmt: skip


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


attributes = st.dictionaries(st.sampled_from(NAMES), st.one_of(st.sampled_from(VALUES), st.text(max_size=12)), max_size=4)
texts = st.one_of(st.just(""), st.sampled_from(CSS), st.text(max_size=10))


@st.composite
def element(draw, children) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(f' {name}="{_attribute(value)}"' for name, value in draw(attributes).items())
    if tag == "style":
        css = "".join(draw(st.lists(st.sampled_from(CSS), max_size=4)))
        inner = f"<![CDATA[{css}]]>" if draw(st.booleans()) and "]]>" not in css else _text(css)
    else:
        inner = _text(draw(texts)) + "".join(draw(st.lists(children, max_size=3)))
    tail = _text(draw(st.text(max_size=3)))
    return f"<{tag}{attrs}>{inner}</{tag}>{tail}"


documents = st.builds(
    lambda prologue, root_attributes, body: f"{prologue}<svg {NAMESPACES}{root_attributes}>{body}</svg>".encode(),
    st.sampled_from(PROLOGUES),
    attributes.map(lambda a: "".join(f' {n}="{_attribute(v)}"' for n, v in a.items() if n not in ("xlink:href",))),
    st.recursive(st.just("<rect width='1'/>"), lambda children: element(children), max_leaves=12).map(str),
)


def test_many_random_documents_are_cleaned_not_refused():
    # The property below passes on a refusal; this keeps it from passing because everything is refused.
    outcomes: list[bool] = []

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(documents)
    def draw(data):
        try:
            sanitise_svg(data, SOURCE)
            outcomes.append(True)
        except SvgError:
            outcomes.append(False)

    draw()
    assert len(outcomes) >= 50 and sum(outcomes) >= len(outcomes) // 5, f"{sum(outcomes)} of {len(outcomes)} cleaned"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_come_out_safe_and_stable(data):
    try:
        output = sanitise_svg(data, SOURCE)
    except SvgError as error:
        assert SOURCE in str(error)
        return
    assert_safe(output)
    assert sanitise_svg(output, SOURCE) == output
    assert "root:" not in output.decode()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_random_bytes_are_cleaned_or_refused(data):
    try:
        output = sanitise_svg(b"<svg>" + data + b"</svg>" if data[:1] == b"<" else data, SOURCE)
    except SvgError as error:
        assert SOURCE in str(error)
        return
    assert_safe(output)
    assert sanitise_svg(output, SOURCE) == output


CSS_PIECES = [
    "fill", "stroke", "stroke-width", "opacity", "transform", "font-family", "--x", ":", ";", "{", "}", " ", "\n",
    "red", "#a", "#g", "1", "px", ",", "-", ".", ".a", ">", "[", "]", "(", ")", "'", '"', "\\", "72", "u", "rl",
    "url(", "rgb(", "var(", "calc(", "rotate(", "/*", "*/", "!important", "@import", "@media", "<", "&", "]]>",
]  # fmt: skip
css_soup = st.lists(st.sampled_from(CSS_PIECES), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(css_soup, css_soup, css_soup)
def test_random_css_comes_out_safe_and_stable(stylesheet, style, value):
    data = (
        f'<svg xmlns="{SVG}"><style>{_text(stylesheet)}</style>'
        f'<rect style="{_attribute(style)}" fill="{_attribute(value)}" transform="{_attribute(value)}"/></svg>'
    ).encode()
    output = clean(data)
    assert b"<rect" in output
