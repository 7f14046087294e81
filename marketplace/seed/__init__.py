"""Realistic demo data: a pure generator and a bulk writer."""
