"""The web surfaces of Vetted, one FastAPI server each with its Gradio UI mounted at ``/``:
the staff console with the HTTP API (``staff.py``, ``api.py``), the patient kiosk (``kiosk.py``)
and the reviewer workspace (``review.py``, ``review_api.py``, ``login.py``, ``auth.py``).
``server.create_app(mode)`` builds one; ``python app.py --mode ...`` runs it."""
