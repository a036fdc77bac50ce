import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { Link, Redirect, Route, Switch, useLocation, useRoute } from "wouter";
import { client, dataOf } from "./api/client.ts";
import { AuditPage } from "./audit/audit-page.tsx";
import { ApiKeysPage } from "./keys/api-keys-page.tsx";
import { DeploymentPage } from "./progress/deployment-page.tsx";
import { SignInPage } from "./session/sign-in-page.tsx";
import { useSession } from "./session/use-session.ts";
import { TenantDetailPage } from "./tenants/tenant-detail-page.tsx";
import { TenantListPage } from "./tenants/tenant-list-page.tsx";
import { ErrorNotice, Loading } from "./ui/states.tsx";
import { WebhooksPage } from "./webhooks/webhooks-page.tsx";
import { WizardPage } from "./wizard/wizard-page.tsx";

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [active] = useRoute(href === "/" ? "/" : `${href}/*?`);
  return (
    <Link href={href} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const signOut = useMutation({
    mutationFn: () => dataOf(client.DELETE("/v1/session")),
    onSuccess: () => {
      queryClient.clear();
      navigate("/sign-in");
    },
  });
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Enclave</span>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink href="/">Tenants</NavLink>
            </li>
            <li>
              <NavLink href="/tenants/new">New tenant</NavLink>
            </li>
            <li>
              <NavLink href="/api-keys">API keys</NavLink>
            </li>
            <li>
              <NavLink href="/webhooks">Webhooks</NavLink>
            </li>
            <li>
              <NavLink href="/audit">Audit log</NavLink>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span>{session.data?.signedIn && session.data.organizationId}</span>
          <button type="button" className="secondary" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </div>
      </header>
      {children}
    </>
  );
}

/** Pages behind sign-in: without a session the browser goes to the sign-in page. */
function SignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.isPending) {
    return (
      <main id="main">
        <Loading what="your session" />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main id="main">
        <ErrorNotice error={session.error} />
      </main>
    );
  }
  if (!session.data.signedIn) return <Redirect to="/sign-in" />;
  return <Shell>{children}</Shell>;
}

function Title({ text }: { text: string }) {
  useEffect(() => {
    document.title = `${text} · Enclave`;
  }, [text]);
  return null;
}

export function App() {
  return (
    <Switch>
      <Route path="/sign-in">
        <Title text="Sign in" />
        <SignInPage />
      </Route>
      <Route>
        <SignedIn>
          <Switch>
            <Route path="/">
              <Title text="Tenants" />
              <TenantListPage />
            </Route>
            <Route path="/tenants/new">
              <Title text="New tenant" />
              <WizardPage />
            </Route>
            <Route path="/tenants/:id">
              {(params) => (
                <>
                  <Title text="Tenant" />
                  <TenantDetailPage id={params.id} />
                </>
              )}
            </Route>
            <Route path="/deployments/:id">
              {(params) => (
                <>
                  <Title text="Deployment" />
                  <DeploymentPage id={params.id} />
                </>
              )}
            </Route>
            <Route path="/api-keys">
              <Title text="API keys" />
              <ApiKeysPage />
            </Route>
            <Route path="/webhooks">
              <Title text="Webhooks" />
              <WebhooksPage />
            </Route>
            <Route path="/audit">
              <Title text="Audit log" />
              <AuditPage />
            </Route>
            <Route>
              <main id="main">
                <h1>Not found</h1>
                <p>
                  <Link href="/">Back to the tenants</Link>
                </p>
              </main>
            </Route>
          </Switch>
        </SignedIn>
      </Route>
    </Switch>
  );
}
