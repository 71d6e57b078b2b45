"""`workbench serve`: the review TUI in the browser, one workbench process per browser tab,
each signed in as one of the desk's reviewers. Built on textual-serve (its page, its
websocket protocol and its per-session process), with sign-in added in front.

`auth` decides who a request is (a token, a trusted proxy's header, or the person serving);
`server` is textual-serve's server with that check on every page, websocket and download,
and each session's process started as its reviewer.
"""
