import { render } from 'preact';
import { App } from './app';
import './theme/app.css';

performance.mark('kiosk:script-start');
render(<App />, document.getElementById('app')!);
