import { installLockdown } from '../lockdown';
import { render } from 'preact';
import { Console } from './console';
import '../theme/tokens.css';
import './maintenance.css';

// On the kiosk's own screen (/maintenance?kiosk=1) the shortcuts are swallowed as on the kiosk page;
// a technician's own browser on the LAN keeps them.
if (new URLSearchParams(location.search).has('kiosk')) installLockdown();
render(<Console />, document.getElementById('app')!);
