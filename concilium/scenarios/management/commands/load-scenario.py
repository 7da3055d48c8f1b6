"""`concilium load-scenario sco-2020|csto-2023`: record a reference scenario through the
services (csto-2023 on an installation set up with `concilium init --charter csto`)."""

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from concilium.core.commands import ConciliumCommand
from concilium.scenarios import csto_2023, sco_2020

SCENARIOS = {"csto-2023": csto_2023, "sco-2020": sco_2020}
"""Each scenario's name and its module: `is_loaded()`, `Loader`, `run()` and the messages."""


class Command(ConciliumCommand):
    help = ("Record a reference scenario (meetings, documents, positions, decisions) as the "
            "secretariat would. Running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(SCENARIOS), help="the scenario to load")

    def handle(self, *args, **options):
        name = options["name"]
        module = SCENARIOS[name]
        if module.is_loaded():
            self.stdout.write(str(module.ALREADY_LOADED).format(name=name, slug=module.data.CFM))
            return
        loader = module.Loader(self.actor)
        steps = loader.steps()
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(),
                      disable=not self.interactive_output, transient=True) as progress:
            task = progress.add_task(name, total=len(steps))
            counts = module.run(loader, on_step=lambda step: progress.update(
                task, advance=1, description=f"{name}: {step}"))
        self.stdout.write(str(module.LOADED).format(name=name, **counts))
