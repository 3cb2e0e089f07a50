/** While a submission or a print is in flight: what is happening, and nothing to press. */
export function WaitScreen({ title }: { title: string }) {
  return (
    <div role="status">
      <h1 tabIndex={-1} style={{ textAlign: 'center', marginTop: 'var(--space-5)' }}>
        {title}
      </h1>
    </div>
  );
}
