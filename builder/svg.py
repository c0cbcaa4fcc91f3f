"""An SVG logo made safe to publish: only an allow-listed subset of SVG is kept.

A fork's logo comes from anyone and is published at the site's own address (`assets/logo.svg`),
where an SVG opened directly runs any script it holds. `sanitise_svg` parses the file with
defusedxml (no entity declaration, no external reference) and also refuses any DOCTYPE with an
internal subset `[...]`, where entities would be declared, so nothing is ever expanded or fetched;
it bounds the size, nesting depth, element count and what `<use>` expands to, and writes back a new
document holding only:

- allow-listed SVG elements (shapes, text, groups, gradients, clip paths, masks, patterns, markers,
  filters, `use` of a `#fragment` in the same file); `<a>` becomes a `<g>` (or `<tspan>` in text)
  without its link; every other element (`script`, `foreignObject`, `image`, animation, anything in
  another namespace) is dropped with its content;
- allow-listed attributes (geometry and presentation); no event attribute (`on*`) or any other, and
  `href`/`xlink:href` only as a same-document `#fragment`; a value referring to anything with
  `url(...)` only as `url(#fragment)`;
- CSS (`<style>` and `style=""`) reparsed with tinycss2 and written back with only style rules
  whose selectors are plain (type, class, id, pseudo-class) and whose declarations are presentation
  properties with plain values (no at-rule such as `@import`, no `url()` but `url(#fragment)`, no
  function but colours and transforms): a logo exported with `class="cls-1"` and a `<style>` keeps
  its colours, and nothing in it can fetch or run anything;
- no DOCTYPE (one that declares nothing, like SVG 1.1's, is accepted and dropped), comment, processing
  instruction, XML declaration or CDATA section: the output is UTF-8 without a declaration.

The output is written by this module's own serializer, deterministically: the same input gives
the same bytes, and sanitising its output gives it back unchanged. A file written in that form
(double-quoted attributes, `<empty/>` elements, `xmlns` first on the root, one newline at the end:
what most editors write) comes back byte for byte.

Standard library plus defusedxml (safe XML parsing) and tinycss2 (CSS parsing, also WeasyPrint's).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import tinycss2  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

MAX_SVG_BYTES = 1024 * 1024
"""An SVG logo is a few kilobytes; a larger file is refused before it is parsed."""
MAX_DEPTH = 100
"""Elements nested deeper than this are refused (editors write a few tens at most)."""
MAX_ELEMENTS = 50_000
"""More elements than this are refused."""
MAX_RENDERED = 100_000
"""Elements drawn once every `<use>` is expanded: a chain of `use` doubling at each step is refused."""

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "switch", "title", "desc", "style",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
        "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feFuncR", "feFuncG", "feFuncB",
        "feFuncA", "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
        "feDistantLight", "feDropShadow", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode",
        "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
        "feTurbulence",
    }
)  # fmt: skip
"""SVG elements kept (with their allowed attributes). Not `image`, `feImage`, `foreignObject`,
`script`, animation (`set` can write an href), `a` (see `_rename`) or anything else."""

TEXT_ELEMENTS = frozenset({"text", "tspan", "textPath"})
HREF_ELEMENTS = frozenset({"use", "textPath", "linearGradient", "radialGradient", "pattern", "filter"})
"""Elements whose `href` (a `#fragment` only) is kept."""

PRESENTATION = frozenset(
    {
        "alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
        "color-interpolation", "color-interpolation-filters", "color-rendering", "direction", "display",
        "dominant-baseline", "enable-background", "fill", "fill-opacity", "fill-rule", "filter",
        "flood-color", "flood-opacity", "font", "font-family", "font-kerning", "font-size",
        "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight", "image-rendering",
        "isolation", "letter-spacing", "lighting-color", "marker", "marker-end", "marker-mid",
        "marker-start", "mask", "mask-type", "mix-blend-mode", "opacity", "overflow", "paint-order",
        "shape-rendering", "stop-color", "stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset",
        "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width",
        "text-anchor", "text-decoration", "text-rendering", "transform", "transform-origin", "unicode-bidi",
        "vector-effect", "visibility", "white-space", "word-spacing", "writing-mode",
    }
)  # fmt: skip
"""Presentation attributes, kept as attributes and as CSS properties (not `cursor`, which loads a file)."""

ATTRIBUTES = PRESENTATION | frozenset(
    {
        "id", "class", "style", "lang", "role", "aria-label", "aria-labelledby", "aria-describedby",
        "aria-hidden", "systemLanguage", "version", "baseProfile",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width", "height",
        "d", "points", "pathLength", "viewBox", "preserveAspectRatio", "dx", "dy", "rotate", "textLength",
        "lengthAdjust", "startOffset", "method", "spacing", "side", "offset",
        "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
        "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits",
        "markerWidth", "markerHeight", "refX", "refY", "orient",
        "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "operator",
        "k1", "k2", "k3", "k4", "values", "type", "tableValues", "slope", "intercept", "amplitude",
        "exponent", "radius", "scale", "xChannelSelector", "yChannelSelector", "baseFrequency",
        "numOctaves", "seed", "stitchTiles", "kernelMatrix", "order", "divisor", "bias", "targetX",
        "targetY", "edgeMode", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
        "specularExponent", "kernelUnitLength", "azimuth", "elevation", "z", "pointsAtX", "pointsAtY",
        "pointsAtZ", "limitingConeAngle",
    }
)  # fmt: skip
"""Attributes without a namespace that are kept; `href` is handled apart, and `xml:space`,
`xml:lang`. No event attribute (`on*`), `xml:base`, `cursor` or anything else."""

XML_ATTRIBUTES = {f"{{{XML_NS}}}space": "xml:space", f"{{{XML_NS}}}lang": "xml:lang"}
HREFS = {"href": "href", f"{{{XLINK_NS}}}href": "xlink:href"}

CSS_FUNCTIONS = frozenset(
    {
        "rgb", "rgba", "hsl", "hsla", "url",
        "matrix", "translate", "translatex", "translatey", "scale", "scalex", "scaley",
        "rotate", "skew", "skewx", "skewy",
    }
)  # fmt: skip
"""Functions a kept CSS value may call (`url` only with a `#fragment`)."""
_CSS_LITERALS = frozenset({",", "/", "+", "-", "*", "%"})
_SELECTOR_LITERALS = frozenset({".", ",", ">", "+", "~", "*", ":"})
_FRAGMENT = re.compile(r"#[\w.:-]+")
_NAME = re.compile(r"[A-Za-z_][\w.-]*")

_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip file (an .svgz: save it uncompressed)"),
)


class SvgError(Exception):
    """The data is not an SVG that can be made safe; the message names the source and what was found."""


@dataclass(frozen=True)
class SanitisedSvg:
    data: bytes
    """The safe SVG, UTF-8."""
    removed: tuple[str, ...]
    """What was left out, in document order, each once: `element <script>`, `attribute onload`, ..."""


def sanitise_svg(data: bytes, source: str) -> bytes:
    """The SVG with only a safe subset kept; raises SvgError naming `source` when it is not a usable SVG."""
    return sanitise_svg_report(data, source).data


def sanitise_svg_report(data: bytes, source: str) -> SanitisedSvg:
    """As `sanitise_svg`, also saying what was removed (for a warning)."""
    root, removed = _parse(data, source)
    cleaner = _Cleaner(removed, unnamespaced=root.tag == "svg")
    out = cleaner.element(root, in_text=False)
    if out is None:  # pragma: no cover - the root was checked to be an <svg>
        raise SvgError(f"{source}: expected an SVG image, found nothing left to draw")
    _check_expansion(out, source)
    text = _serialize(out, xlink=cleaner.xlink) + "\n"
    return SanitisedSvg(text.encode("utf-8"), tuple(dict.fromkeys(cleaner.removed)))


# Parsing


class _Limit(Exception):
    pass


class _Builder(ET.TreeBuilder):
    """A tree builder that stops at once past the depth or element-count limit."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.count = 0
        self.instructions: list[str] = []

    def start(self, tag: str, attrs: dict[str, str], /) -> ET.Element:
        self.depth += 1
        self.count += 1
        if self.depth > MAX_DEPTH:
            raise _Limit(f"elements nested at most {MAX_DEPTH} deep, found deeper nesting")
        if self.count > MAX_ELEMENTS:
            raise _Limit(f"at most {MAX_ELEMENTS:,} elements, found more")
        return super().start(tag, attrs)

    def end(self, tag: str, /) -> ET.Element:
        self.depth -= 1
        return super().end(tag)

    def doctype(self, name: str, pubid: str | None, system: str) -> None:
        """A DOCTYPE without an internal subset: nothing to keep (its DTD is never read)."""

    def pi(self, target: str, text: str | None = None, /) -> ET.Element:
        self.instructions.append(f"processing instruction <?{target}?>")
        return super().pi(target, text)


class _Parser(DefusedXMLParser):
    """defusedxml's parser (no entity declaration, no external reference), also refusing a DOCTYPE
    with an internal subset (where attribute defaults could be declared) and noting any DOCTYPE."""

    def __init__(self, target: _Builder) -> None:
        super().__init__(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.saw_doctype = False
        self.parser.StartDoctypeDeclHandler = self._start_doctype

    def _start_doctype(self, name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool) -> None:
        if has_internal_subset:
            raise _Limit(
                "an SVG whose DOCTYPE declares nothing, found a DOCTYPE with an internal subset [...]"
                " (where entities are declared); save the SVG without it"
            )
        self.saw_doctype = True


def _parse(data: bytes, source: str) -> tuple[ET.Element, list[str]]:
    """The document's root, parsed safely within the limits; raises SvgError naming `source`."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise SvgError(f"{source}: expected the SVG file's bytes, found {type(data).__name__}")
    data = bytes(data)
    if len(data) > MAX_SVG_BYTES:
        raise SvgError(
            f"{source}: expected an SVG image of at most {MAX_SVG_BYTES / 2**20:g} MB, found {len(data) / 2**20:,.1f} MB"
        )
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise SvgError(f"{source}: expected an SVG image, found {kind}")
    if not data.strip():
        raise SvgError(f"{source}: expected an SVG image, found an empty file")
    builder = _Builder()
    parser = _Parser(builder)
    try:
        parser.feed(data)
        root = parser.close()
    except _Limit as error:
        raise SvgError(f"{source}: expected {error}") from None
    except DefusedXmlException as error:
        raise SvgError(
            f"{source}: expected an SVG without entity declarations or external references, found {_defused(error)}"
        ) from None
    except ET.ParseError as error:
        raise SvgError(f"{source}: expected an SVG image, found a file that is not well-formed XML ({error})") from None
    except (ValueError, LookupError, UnicodeError) as error:  # an encoding expat or Python cannot read
        raise SvgError(f"{source}: expected an SVG image, found a file that cannot be read as XML ({error})") from None
    if root.tag not in (f"{{{SVG_NS}}}svg", "svg"):
        raise SvgError(f"{source}: expected an SVG image (a root element <svg> in the SVG namespace), found <{_show(root.tag)}>")
    removed = ["DOCTYPE"] if parser.saw_doctype else []
    return root, removed + builder.instructions


def _defused(error: DefusedXmlException) -> str:
    name = getattr(error, "name", None)
    system = getattr(error, "sysid", None)
    what = type(error).__name__
    if what == "EntitiesForbidden":
        return f"an entity declaration {name!r}" if name else "an entity declaration"
    if system:
        return f"an external reference {system!r}"
    return "an external reference"


def _show(tag: str) -> str:
    """A tag or attribute name as written (`{ns}local` for one in a namespace other than SVG's)."""
    return tag.removeprefix(f"{{{SVG_NS}}}")


# Cleaning


class _Cleaner:
    def __init__(self, removed: list[str], unnamespaced: bool):
        self.removed = removed
        self.namespace = "" if unnamespaced else f"{{{SVG_NS}}}"
        self.xlink = False

    def local(self, tag: Any) -> str | None:
        """The SVG local name of an element, or None for a comment, PI or element of another namespace."""
        if not isinstance(tag, str):
            return None
        if self.namespace:
            return tag[len(self.namespace) :] if tag.startswith(self.namespace) else None
        return None if tag.startswith("{") else tag

    def element(self, element: ET.Element, in_text: bool) -> ET.Element | None:
        name = self.local(element.tag)
        if name == "a":
            name = "tspan" if in_text else "g"
            self.removed.append("element <a> (kept as a group, without its link)")
        if name not in ELEMENTS:
            self.removed.append(f"element <{_show(str(element.tag))}>")
            return None
        attributes = self.attributes(name, element)
        if attributes is None:
            return None
        out = ET.Element(name, attributes)
        if name == "style":
            css = _clean_stylesheet("".join(element.itertext()), self.removed)
            if not css:
                self.removed.append("element <style> (no safe rule left)")
                return None
            out.text = css
            return out
        out.text = element.text
        last: ET.Element | None = None
        for child in element:
            kept = self.element(child, in_text or name in TEXT_ELEMENTS)
            if kept is not None:
                kept.tail = child.tail
                out.append(kept)
                last = kept
            elif child.tail:  # the text after a dropped element stays where it was
                if last is None:
                    out.text = (out.text or "") + child.tail
                else:
                    last.tail = (last.tail or "") + child.tail
        return out

    def attributes(self, name: str, element: ET.Element) -> dict[str, str] | None:
        """The kept attributes (in document order, with their output names), or None to drop the element."""
        kept: dict[str, str] = {}
        href = False
        for key, value in element.attrib.items():
            if name == "style":
                self.removed.append(f"attribute {_show(key)} on <style>")
                continue
            if key in HREFS:
                if name in HREF_ELEMENTS and _FRAGMENT.fullmatch(value):
                    kept[HREFS[key]] = value
                    href = True
                    self.xlink |= key != "href"
                else:
                    self.removed.append(f"{HREFS[key]} {_brief(value)}")
                continue
            if key in XML_ATTRIBUTES:
                out_key = XML_ATTRIBUTES[key]
            elif key in ATTRIBUTES:
                out_key = key
            else:
                self.removed.append(f"attribute {_show(key)}")
                continue
            if key == "style":
                style = _clean_declarations(value, self.removed)
                if style:
                    kept["style"] = style
                continue
            if "(" in value and ("\\" in value or not _value_is_safe(value)):  # no CSS escape near a function
                self.removed.append(f"attribute {key}={_brief(value)}")
                continue
            kept[out_key] = value
        if name == "use" and not href:
            self.removed.append("element <use> without a same-document #fragment href")
            return None
        return kept


def _brief(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


# CSS


def _value_is_safe(value: str) -> bool:
    """Whether an attribute value, read as CSS, refers to nothing but `url(#fragment)` (and hides nothing in a comment)."""
    return "/*" not in value and _urls_local(tinycss2.parse_component_value_list(value))


def _urls_local(tokens: Iterable[Any]) -> bool:
    for token in tokens:
        if token.type == "url" and not _FRAGMENT.fullmatch(token.value):
            return False
        if token.type == "function":
            if token.lower_name == "url" and not _url_function_local(token):
                return False
            if not _urls_local(token.arguments):
                return False
        if token.type in ("() block", "[] block", "{} block") and not _urls_local(token.content):
            return False
        if token.type == "error":
            return False
    return True


def _url_function_local(token: Any) -> bool:
    arguments = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
    return len(arguments) == 1 and arguments[0].type == "string" and bool(_FRAGMENT.fullmatch(arguments[0].value))


def _css_value_safe(tokens: Iterable[Any]) -> bool:
    """A property value made only of plain tokens, colour and transform functions, and `url(#fragment)`."""
    for token in tokens:
        kind = token.type
        if kind in ("whitespace", "comment", "ident", "hash", "number", "percentage", "dimension", "string"):
            continue
        if kind == "literal" and token.value in _CSS_LITERALS:
            continue
        if kind == "url" and _FRAGMENT.fullmatch(token.value):
            continue
        if kind == "function" and token.lower_name in CSS_FUNCTIONS:
            if token.lower_name == "url":
                if _url_function_local(token):
                    continue
                return False
            if _css_value_safe(token.arguments):
                continue
        return False
    return True


def _serialize_css(tokens: Iterable[Any]) -> str:
    """Tokens written back, comments left out and runs of whitespace as one space."""
    return str(tinycss2.serialize(_strip_tokens(list(tokens)))).strip()


def _strip_tokens(tokens: list[Any]) -> list[Any]:
    """A function's arguments without comments, whitespace runs as one space (kept in place)."""
    out: list[Any] = []
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "whitespace":
            if out and out[-1].type != "whitespace":
                out.append(tinycss2.ast.WhitespaceToken(token.source_line, token.source_column, " "))
            continue
        if token.type == "function":
            token = tinycss2.ast.FunctionBlock(token.source_line, token.source_column, token.name, _strip_tokens(token.arguments))
        out.append(token)
    while out and out[0].type == "whitespace":
        out.pop(0)
    while out and out[-1].type == "whitespace":
        out.pop()
    return out


def _clean_declarations(css: str | list[Any], removed: list[str]) -> str:
    """`property:value;...` with only presentation properties whose values are safe, in order."""
    kept: list[str] = []
    for item in tinycss2.parse_declaration_list(css, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            removed.append(f"CSS {_brief(_serialize_css([item]) if item.type != 'error' else item.message)}")
            continue
        if item.lower_name not in PRESENTATION:
            removed.append(f"CSS property {item.lower_name}")
            continue
        value = _serialize_css(item.value)
        if not value or not _css_value_safe(item.value) or not _css_value_safe(tinycss2.parse_component_value_list(value)):
            removed.append(f"CSS {item.lower_name}: {_brief(value)}")
            continue
        kept.append(f"{item.lower_name}:{value}{'!important' if item.important else ''}")
    return ";".join(kept)


def _clean_stylesheet(css: str, removed: list[str]) -> str:
    """The style rules with plain selectors and their safe declarations; no at-rule (`@import`...)."""
    rules: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule":
            removed.append(f"CSS rule @{rule.lower_at_keyword}")
            continue
        if rule.type != "qualified-rule":
            removed.append("CSS that does not parse")
            continue
        if not _selector_safe(rule.prelude):
            removed.append(f"CSS rule {_brief(_serialize_css(rule.prelude))}")
            continue
        declarations = _clean_declarations(rule.content, removed)
        if declarations:
            rules.append(f"{_serialize_css(rule.prelude)}{{{declarations}}}")
    return "".join(rules)


def _selector_safe(tokens: list[Any]) -> bool:
    if not any(t.type not in ("whitespace", "comment") for t in tokens):
        return False
    for token in tokens:
        if token.type in ("whitespace", "comment", "ident"):
            continue
        if token.type == "hash" and _NAME.fullmatch(token.value):
            continue
        if token.type == "literal" and token.value in _SELECTOR_LITERALS:
            continue
        return False
    return True


# Limits on what the kept document draws


def _check_expansion(root: ET.Element, source: str) -> None:
    """Refuses a document whose `<use>` references form a cycle or, expanded, draw too many elements."""
    ids: dict[str, ET.Element] = {}
    for element in root.iter():
        if element.get("id"):
            ids.setdefault(element.get("id", ""), element)
    cost: dict[int, int] = {}
    visiting: set[int] = set()

    def edges(element: ET.Element) -> Iterator[ET.Element]:
        yield from element
        if element.tag == "use":
            reference = element.get("href") or element.get("xlink:href") or ""
            target = ids.get(reference[1:])
            if target is not None:
                yield target

    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        key = id(element)
        if done:
            visiting.discard(key)
            cost[key] = min(MAX_RENDERED + 1, 1 + sum(cost[id(e)] for e in edges(element)))
            continue
        if key in cost:
            continue
        visiting.add(key)
        stack.append((element, True))
        for child in edges(element):
            if id(child) in visiting:
                raise SvgError(f"{source}: expected <use> elements that refer to no element containing them, found a cycle")
            if id(child) not in cost:
                stack.append((child, False))
    if cost[id(root)] > MAX_RENDERED:
        raise SvgError(f"{source}: expected at most {MAX_RENDERED:,} elements drawn once every <use> is expanded, found more")


# Writing


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attribute(value: str) -> str:
    return (
        _escape_text(value)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\t", "&#9;")
    )  # fmt: skip


def _serialize(root: ET.Element, xlink: bool) -> str:
    parts: list[str] = []
    namespaces = [("xmlns", SVG_NS)] + ([("xmlns:xlink", XLINK_NS)] if xlink else [])

    def write(element: ET.Element, extra: list[tuple[str, str]]) -> None:
        parts.append(f"<{element.tag}")
        for key, value in [*extra, *element.attrib.items()]:
            parts.append(f' {key}="{_escape_attribute(value)}"')
        if element.text or len(element):
            parts.append(">")
            if element.text:
                parts.append(_escape_text(element.text))
            for child in element:
                write(child, [])
                if child.tail:
                    parts.append(_escape_text(child.tail))
            parts.append(f"</{element.tag}>")
        else:
            parts.append("/>")

    write(root, namespaces)
    return "".join(parts)
