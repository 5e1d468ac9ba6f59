"""QR codes as inline SVG (the TOTP enrolment page, the printable sheet of survey links): no image files, no JS."""

from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg


def qr_svg(data: str, box_size: int = 8) -> str:
    """The `<svg>` element of a QR code for `data` (the XML declaration left out, to sit inside a page)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]
