"""The frames stage: each trigger word with its stretch of sentence
(frame.py), decided into mentions (decide.py) by modules a newcomer can read
one at a time — modality.py, when.py, place.py, meetings.py, visits.py."""
