"""Vietnamese domain knowledge as data, with one small parser per table."""
