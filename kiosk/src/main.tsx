import { installLockdown } from './lockdown';
import { render } from 'preact';
import { App } from './app';
import './theme/app.css';
import { endConsoleSessionOnThisScreen, installMaintenanceGesture } from './maintenance-gesture';

installLockdown(); // first: before anything renders (README "Deploying a terminal")
performance.mark('kiosk:script-start');
render(<App />, document.getElementById('app')!);
installMaintenanceGesture();
endConsoleSessionOnThisScreen();
