def test_every_character_xml_cannot_carry_is_replaced_and_no_other() -> None:
    """escape.xml, over every code point: XML 1.0 carries tab, LF, CR, U+0020-D7FF,
    U+E000-FFFD and U+10000-10FFFF; each other character becomes U+FFFD."""
    from okrctl.reports import escape

    def allowed(code: int) -> bool:
        return (
            code in (0x9, 0xA, 0xD)
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or (0x10000 <= code <= 0x10FFFF)
        )

    text = "".join(map(chr, range(0x110000)))
    expected = "".join(chr(code) if allowed(code) else "\ufffd" for code in range(0x110000))
    assert escape.xml(text) == expected
