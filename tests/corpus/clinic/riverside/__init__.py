"""Riverside Family Clinic - patient records API."""
