"""The REST service (BentoML): `bentoml serve stance.serve.service:StanceService`.

Only `stance.serve.service` imports bentoml, so importing this package stays quick.
"""
