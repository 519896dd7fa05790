"""Generic fallback: article-looking links on the listing, plus RSS and sitemaps as hints."""

from scraper.families import Family

FAMILY = Family()
