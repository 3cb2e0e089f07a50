import { render } from 'preact';
import { App } from './app';
import './theme/app.css';
import { endConsoleSessionOnThisScreen, installMaintenanceGesture } from './maintenance-gesture';

performance.mark('kiosk:script-start');
render(<App />, document.getElementById('app')!);
installMaintenanceGesture();
endConsoleSessionOnThisScreen();
