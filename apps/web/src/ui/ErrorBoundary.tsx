import { Component, type ReactNode } from 'react';
import { ErrorState } from './ErrorState';

interface State {
  error: unknown;
}

/** Catches a render error in one screen and shows it there, so the shell keeps working. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    console.error('Screen crashed', error);
  }

  override render() {
    if (this.state.error) {
      return (
        <ErrorState
          title="This screen failed"
          error={this.state.error}
          onRetry={() => this.setState({ error: null })}
        />
      );
    }
    return this.props.children;
  }
}
