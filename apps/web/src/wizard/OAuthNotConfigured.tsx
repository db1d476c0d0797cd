/** "A and B": the settings' names, each as code. */
export function SettingNames({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name, i) => (
        <span key={name}>
          {i > 0 && (i === names.length - 1 ? ' and ' : ', ')}
          <code>{name}</code>
        </span>
      ))}
    </>
  );
}

/**
 * An OAuth-only app on a server whose operator has not registered its OAuth client: says so, and
 * what the operator sets, instead of asking for tokens nobody has.
 */
export function OAuthNotConfigured({ appName, missing }: { appName: string; missing: readonly string[] }) {
  return (
    <div className="access-unavailable" role="note" aria-label={`${appName} is not set up on this server`}>
      <p>
        <strong>{appName} is not set up on this server yet.</strong> It connects through {appName}&apos;s consent screen, which needs an OAuth client that the
        person who runs this Sluice server registers once.
      </p>
      <p>
        For the operator: set {missing.length > 0 ? <SettingNames names={missing} /> : 'the OAuth client id and secret'} in Sluice&apos;s environment, with{' '}
        <code className="path">{window.location.origin}/oauth/callback</code> as the client&apos;s redirect URL, and restart Sluice. Step by step:{' '}
        <code>docs/operations.md</code>, section “OAuth apps”, in Sluice&apos;s source and release archive.
      </p>
    </div>
  );
}
