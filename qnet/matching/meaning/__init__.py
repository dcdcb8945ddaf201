"""Text into meaning: the sentence encoders, the search space they make, the glossary and profile text."""
