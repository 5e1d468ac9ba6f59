"""XML within bounds, parsed by defusedxml: no DTD, no entity expansion, no external references.

The byte size and the number of elements (counted from `<` before parsing) are checked first; expat builds
the tree without recursion, and the depth is checked on the result.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from rashinban.i18n import translate as _
from rashinban.limits import LimitError, Limits, check_size


def parse_xml(data: bytes, name: str, limits: Limits) -> Any:
    """The root Element of an XML document within `limits`; LimitError for bounds, DTDs, entities or syntax."""
    check_size(len(data), name, limits)
    if data.count(b"<") > limits.max_items:
        raise LimitError(_("the file holds more than %(count)s values") % {"count": f"{limits.max_items:,}"}, file=name)
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise LimitError(_("the XML file declares a DTD or entities, which are not accepted"), file=name) from None
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise LimitError(_("XML syntax error: %(problem)s") % {"problem": error.msg}, file=name, row=line) from None
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limits.max_depth:
            raise LimitError(
                _("the file is nested deeper than %(count)s levels") % {"count": limits.max_depth}, file=name
            )
        stack.extend((child, depth + 1) for child in element)
    return root
