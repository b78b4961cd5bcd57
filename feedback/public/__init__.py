"""The visitor's flow: the widget's vote reaches the database.

``views`` (the submission endpoint) checks origin and honeypot (``guards``),
token, placement and view restrictions, ``ratelimit`` and ``privacy`` guard
it, ``submission`` validates and saves one response in one transaction;
``targets`` keeps what a vote is for in the process, so a usual vote makes
one Redis round trip (``vote_check``); ``impressions`` counts widgets shown.
Nothing here waits for Redis: ``circuit`` skips it while it is down.
"""
