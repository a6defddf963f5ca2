"""Vietnamese domain knowledge: the ground floor every other package imports.

Each module is data (tables of phrases, with and without diacritics) plus one small parser:

- text.py      NFC, folding (case + diacritics), syllable tokens
- places.py    administrative levels, abbreviations, party bodies, "UBND …" phrasing
- periods.py   period phrases -> Period (a year and the set of months it covers)
- markers.py   section heading and footnote markers
- lexicon.py   question cues, stop words, money units, section cues of the read path
- encodings.py legacy 8-bit encodings (TCVN3/ABC, VNI): tables, detection, conversion

No I/O, no models, no imports from the rest of the project.
"""
