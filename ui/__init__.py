"""The web app: FastAPI with the JSON API and the Gradio chat mounted in it (`lanzarote serve`).

Modules, each with one job: app (assembles the FastAPI app), server (runs it under uvicorn),
engine (loads the assistant in the background), api (/api/ask, /healthz), pages (the main and
embedded pages), chat, recommendations, render (answers and records as escaped HTML), feedback
(SQLite store), security (headers, access control), theme (look, CSS), examples (questions from
the corpus).

Gradio and FastAPI are imported only by these modules: the `app` extra installs them.
"""

import os

# Before any module here imports gradio: no analytics or telemetry request leaves the host.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
