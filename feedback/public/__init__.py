"""The visitor's flow: the widget's vote reaches the database.

``views`` (the submission endpoint) checks origin, token, placement and view
restrictions, ``ratelimit`` and ``privacy`` guard it, ``submission`` validates
and saves one response in one transaction; ``impressions`` counts widgets shown.
Nothing here waits for Redis: ``circuit`` skips it while it is down.
"""
