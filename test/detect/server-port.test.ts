import { describe, expect, it } from "vitest";
import { serverPort } from "../../runner/detect/server-port.ts";

describe("serverPort", () => {
  it.each([
    ["gunicorn app:app", 8000, "gunicorn", false],
    ["gunicorn app:app --bind 0.0.0.0:$PORT", 8000, "gunicorn", false],
    ["gunicorn -b :5001 app:app", 5001, "gunicorn", true],
    ["uvicorn main:app --host 0.0.0.0", 8000, "uvicorn", false],
    ["flask run --host 0.0.0.0", 5000, "Flask development server", false],
    ["python manage.py runserver 0.0.0.0:8001", 8001, "Django development server", true],
    ["streamlit run app.py", 8501, "Streamlit", false],
    ["bundle exec rails server -b 0.0.0.0", 3000, "Rails server (Puma)", false],
    ["php -S 0.0.0.0:8080 -t public", 8080, "PHP built-in server", true],
    ["next start -p 4100", 4100, "next start", true],
    ["vite preview", 4173, "vite preview", false],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default, as in a Procfile
    ["uvicorn main:app --port ${PORT:-7000}", 7000, "uvicorn", true],
  ])("%s listens on %i (%s)", (command, port, server, explicit) => {
    expect(serverPort(command)).toEqual({ port, server, explicit });
  });

  it("knows nothing of a script that reads PORT itself", () => {
    expect(serverPort("node dist/index.js")).toBeNull();
    expect(serverPort("/app/server")).toBeNull();
    expect(serverPort("bundle exec puma -C config/puma.rb")).toBeNull();
  });
});
