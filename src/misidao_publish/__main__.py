"""``python -m misidao_publish`` runs the CLI."""

from .cli import main

main()
