"""Writing goal files: round-trip edits that change only what they must, written atomically."""
