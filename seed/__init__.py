"""Synthetic, deterministic seed data for qnet: skills taxonomy, vocabulary and community generator."""
