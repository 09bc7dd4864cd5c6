"""Damage-report logic that needs no database (no ``odoo`` import here)."""
