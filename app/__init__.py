"""Diplomatic timeline: calls, talks and visits extracted from Chinese-language news."""
