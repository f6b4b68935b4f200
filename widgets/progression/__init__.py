"""Lesson 2: how hemifacial spasm spreads over the years, typical versus atypical.

model.py: a seeded simulated patient (which muscle joins when, how often and how strongly it
contracts), synthetic EMG-like traces with a synchrony measure, the bedside and EMG signs, and
generated practice cases. view.py: the four widgets of the lesson.
"""
