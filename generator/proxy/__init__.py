"""`metastudio-proxy`: re-sign, validate and record the traffic of a client to MetaStudio.

app.py (the request path), checks.py (the spec's verdict: the mock's request validators and
`make fuzz --base-url`'s drift rules), report.py (X-Spec-Violations, log lines, the exit
summary), recording.py (vcrpy cassette and HAR, redacted), config.py, cli.py.
"""
