"""Lesson 1: the facial nerve's course, its branches, lesion localisation and the root exit zone.

`model` holds the anatomy and the lesion logic (pure, numpy only); `view` holds one widget class
per interactive figure of the lesson.
"""
