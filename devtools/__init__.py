"""What the tests, the benchmarks and the scripts share to drive the running app; not the app.

- ``server``: ``streamlit run streamlit_app.py`` on a free port, healthy before use, stopped after;
- ``browser``: Debian's Chromium and the waits and locators a browser test needs;
- ``protocol``: one session over Streamlit's websocket protocol, without a browser;
- ``plans``: what each of many concurrent sessions types and must see, and the checks;
- ``sessions``: many sessions at once against one server, following their plans;
- ``memory``: the resident memory of a server and its children, from ``/proc``;
- ``postgres``: a throwaway PostgreSQL server (Debian's programs) for the classroom store;
- ``handout_pdf``: the handout printed to an A4 PDF by Chromium, its pages measured (poppler).
"""
