"""Make image-only PDFs ("scans") from PDFs with a text layer, for the OCR tests and bench/:
each page rendered to a bitmap by PDFium, turned by a fraction of a degree, speckled with
noise, and written back as a PDF by Pillow. No text layer remains: what the OCR reader reads
is pixels only, and the text-layer reading of the original is what it must agree with.

    python tests/scans.py in.pdf out.pdf --pages 1,3 --dpi 200 --angle 0.4

Test code: it never uses yusuan.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def make_scan(source: Path, out: Path, pages: list[int] | None = None, *, dpi: int = 200,
              angle: float = 0.4, noise: float = 10.0, seed: int = 0) -> Path:
    """Write `out`: the given 1-based pages of `source` (all by default) as images."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(source))
    images = []
    try:
        for n in pages or range(1, len(pdf) + 1):
            page = pdf[n - 1]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            # alternate the direction, so both ways of turning are tried
            turn = angle if len(images) % 2 == 0 else -angle
            image = image.rotate(turn, resample=Image.BICUBIC, fillcolor=255)
            pixels = np.asarray(image, dtype=np.float32)
            pixels = pixels + rng.normal(0.0, noise, pixels.shape)
            # a few specks of dust, as a scanner glass leaves them
            specks = rng.random(pixels.shape) < 0.0003
            pixels[specks] = 40
            images.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))
    finally:
        pdf.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", default="", help="1-based, comma-separated (default: all)")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--angle", type=float, default=0.4)
    ap.add_argument("--noise", type=float, default=10.0)
    a = ap.parse_args()
    pages = [int(p) for p in a.pages.split(",") if p] or None
    make_scan(a.source, a.out, pages, dpi=a.dpi, angle=a.angle, noise=a.noise)


if __name__ == "__main__":
    main()
