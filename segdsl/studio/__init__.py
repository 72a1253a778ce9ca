"""`segdsl studio`: write, test and compare segments in the browser (docs/studio.md).

A local web server (`server.py`, Starlette on uvicorn) serves one page (`static/`, built from
studio/web/ with CodeMirror 6) and its JSON endpoints: the editor's features come from the
language service (`workspace.py`: the loaded files and each page's service), the answers from
the database (`answers.py`: counts, samples, SQL, a file's figures; queries cancelled when a
newer one of the same page takes over), the requests' JSON from `protocol.py`. Needs the
`studio` extra."""
