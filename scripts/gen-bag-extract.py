#!/usr/bin/env python3
"""Writes a fictitious LVBAG 2.0 extract ("Standaard Levering") of N addresses for the import
benchmark (BENCHMARKS.md): 9999WPL, 9999OPR, 9999NUM, 9999VBO and 9999PND files in DIR, one
woonplaats per 10,000 addresses, one street per 100, each address a verblijfsobject in a pand of
its own, with letters and additions on some. Deterministic: the same N gives the same files.

Usage: scripts/gen-bag-extract.py N DIR [--variant K]   (K > 0 changes every K-th surface)
"""
import os
import sys

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sl-bag-extract:bagStand xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601" '
        'xmlns:sl="http://www.kadaster.nl/schemas/standlevering-generiek/1.0" '
        'xmlns:Objecten="www.kadaster.nl/schemas/lvbag/imbag/objecten/v20200601" '
        'xmlns:Objecten-ref="www.kadaster.nl/schemas/lvbag/imbag/objecten-ref/v20200601" '
        'xmlns:gml="http://www.opengis.net/gml/3.2">\n <sl:standBestand>\n')
TAIL = ' </sl:standBestand>\n</sl-bag-extract:bagStand>\n'
LETTERS = "ABCDEFGHJKLMNPRSTUVWXZ"
# No postcode starts its letters with S (SA, SD and SS are not used).
FIRST = "ABCDEFGHJKLMNPRTUVWXZ"


def stand(obj):
    return f"  <sl:stand><sl-bag-extract:bagObject>{obj}</sl-bag-extract:bagObject></sl:stand>\n"


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    variant = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--variant" else 0
    os.makedirs(out, exist_ok=True)
    files = {k: open(os.path.join(out, f"9999{k}01012026_000001.xml"), "w", buffering=1 << 20)
             for k in ("WPL", "OPR", "NUM", "VBO", "PND")}
    for f in files.values():
        f.write(HEAD)
    for w in range((n + 9999) // 10000):
        files["WPL"].write(stand(
            f"<Objecten:Woonplaats><Objecten:identificatie>{1000 + w:04d}</Objecten:identificatie>"
            f"<Objecten:naam>Plaats {w}</Objecten:naam><Objecten:status>Woonplaats aangewezen</Objecten:status></Objecten:Woonplaats>"))
    for s in range((n + 99) // 100):
        files["OPR"].write(stand(
            f"<Objecten:OpenbareRuimte><Objecten:identificatie>0999300{s:09d}</Objecten:identificatie>"
            f"<Objecten:naam>Straat {s}</Objecten:naam><Objecten:status>Naamgeving uitgegeven</Objecten:status>"
            f"<Objecten:ligtIn><Objecten-ref:WoonplaatsRef>{1000 + s // 100:04d}</Objecten-ref:WoonplaatsRef></Objecten:ligtIn></Objecten:OpenbareRuimte>"))
    num, vbo, pnd = files["NUM"], files["VBO"], files["PND"]
    for i in range(n):
        street = i // 100
        # A postcode per 25 addresses, 1000AA onwards.
        pc = i // 25
        digits = 1000 + pc // 400 % 9000
        pair = pc % 400
        letters = FIRST[pair // 20 % len(FIRST)] + LETTERS[pair % 20]
        huisnummer = 1 + i % 25
        letter = f"<Objecten:huisletter>{LETTERS[i % 7]}</Objecten:huisletter>" if i % 11 == 0 else ""
        addition = f"<Objecten:huisnummertoevoeging>{i % 4 + 1}</Objecten:huisnummertoevoeging>" if i % 13 == 0 else ""
        num.write(stand(
            f"<Objecten:Nummeraanduiding><Objecten:identificatie>0999200{i:09d}</Objecten:identificatie>"
            f"<Objecten:huisnummer>{huisnummer}</Objecten:huisnummer>{letter}{addition}<Objecten:postcode>{digits}{letters}</Objecten:postcode>"
            f"<Objecten:status>Naamgeving uitgegeven</Objecten:status>"
            f"<Objecten:ligtAan><Objecten-ref:OpenbareRuimteRef>0999300{street:09d}</Objecten-ref:OpenbareRuimteRef></Objecten:ligtAan></Objecten:Nummeraanduiding>"))
        surface = 20 + i * 37 % 400 + (1 if variant and i % variant == 0 else 0)
        vbo.write(stand(
            f"<Objecten:Verblijfsobject><Objecten:heeftAlsHoofdadres><Objecten-ref:NummeraanduidingRef>0999200{i:09d}</Objecten-ref:NummeraanduidingRef></Objecten:heeftAlsHoofdadres>"
            f"<Objecten:identificatie>0999010{i:09d}</Objecten:identificatie>"
            f"<Objecten:geometrie><Objecten:punt><gml:Point><gml:pos>{100000 + i % 90000}.0 {400000 + i // 90000}.0 0.0</gml:pos></gml:Point></Objecten:punt></Objecten:geometrie>"
            f"<Objecten:gebruiksdoel>woonfunctie</Objecten:gebruiksdoel><Objecten:oppervlakte>{surface}</Objecten:oppervlakte>"
            f"<Objecten:status>Verblijfsobject in gebruik</Objecten:status>"
            f"<Objecten:maaktDeelUitVan><Objecten-ref:PandRef>0999100{i:09d}</Objecten-ref:PandRef></Objecten:maaktDeelUitVan></Objecten:Verblijfsobject>"))
        pnd.write(stand(
            f"<Objecten:Pand><Objecten:identificatie>0999100{i:09d}</Objecten:identificatie>"
            f"<Objecten:oorspronkelijkBouwjaar>{1900 + i % 124}</Objecten:oorspronkelijkBouwjaar><Objecten:status>Pand in gebruik</Objecten:status></Objecten:Pand>"))
    for f in files.values():
        f.write(TAIL)
        f.close()


if __name__ == "__main__":
    main()
