/** Python: dependencies go into a virtualenv that the runtime stage copies whole. */
const pythonBuild = `# syntax=docker/dockerfile:1
FROM python:{{runtimeVersion}}-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
WORKDIR /app
RUN python -m venv /opt/venv
{{#packageManager}}COPY requirements.txt* pyproject.toml* poetry.lock* uv.lock* pdm.lock* Pipfile* ./
{{/packageManager}}{{#installCommand}}RUN {{installCommand}}
{{/installCommand}}{{#serverPackage}}RUN pip install {{serverPackage}}
{{/serverPackage}}COPY . .
{{#projectInstallCommand}}RUN {{projectInstallCommand}}
{{/projectInstallCommand}}`;

const pythonRuntime = `
FROM python:{{runtimeVersion}}-slim
RUN useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT={{port}}
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=10001:10001 /app ./
USER 10001:10001
EXPOSE {{port}}
CMD {{startCommand}}
`;

export const pythonTemplates: Record<string, string> = {
  python: `${pythonBuild}{{#buildCommand}}RUN {{buildCommand}}
{{/buildCommand}}${pythonRuntime}`,
  "python-django": `${pythonBuild}{{#buildCommand}}RUN DJANGO_SECRET_KEY=build SECRET_KEY=build {{buildCommand}}
{{/buildCommand}}${pythonRuntime}`,
};
