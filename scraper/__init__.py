"""Portal registry -> discovery -> fetch -> stored raw pages."""
