"""Toxin technique (lesson 4, optional section): injection points, doses per point and muscle, risks, brands."""
