<?php
/**
 * Settings → BookSprintz: the business slug, the host, and a connection test.
 *
 * @package BookSprintz
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A Settings API page (its form carries WordPress's nonce and is checked by options.php).
 * "Test connection" reads the business's public profile from this browser, as the widget
 * will from visitors' browsers: it fails the same way when the host is wrong or this
 * site's domain is not among the business's allowed domains.
 */
class BookSprintz_Settings_Page {
	const SLUG  = 'booksprintz';
	const GROUP = 'booksprintz';

	/**
	 * Hooks the page.
	 */
	public static function register() {
		add_action( 'admin_init', array( __CLASS__, 'settings' ) );
		add_action( 'admin_menu', array( __CLASS__, 'menu' ) );
		add_action( 'admin_enqueue_scripts', array( __CLASS__, 'assets' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( BOOKSPRINTZ_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/**
	 * The option and its sanitizer.
	 */
	public static function settings() {
		register_setting(
			self::GROUP,
			BookSprintz_Options::NAME,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( 'BookSprintz_Options', 'sanitize' ),
				'default'           => array(
					'tenant' => '',
					'host'   => '',
				),
			)
		);
	}

	/**
	 * The page under Settings.
	 */
	public static function menu() {
		add_options_page( __( 'BookSprintz', 'booksprintz' ), __( 'BookSprintz', 'booksprintz' ), 'manage_options', self::SLUG, array( __CLASS__, 'render' ) );
	}

	/**
	 * "Settings" beside "Deactivate" in the plugin list.
	 *
	 * @param string[] $links Existing links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		array_unshift( $links, '<a href="' . esc_url( admin_url( 'options-general.php?page=' . self::SLUG ) ) . '">' . esc_html__( 'Settings', 'booksprintz' ) . '</a>' );
		return $links;
	}

	/**
	 * The connection test's script and styles, on this page only.
	 *
	 * @param string $hook The current admin page.
	 */
	public static function assets( $hook ) {
		if ( 'settings_page_' . self::SLUG !== $hook ) {
			return;
		}
		wp_enqueue_style( 'booksprintz-settings', plugins_url( 'admin/settings.css', BOOKSPRINTZ_FILE ), array(), BOOKSPRINTZ_VERSION );
		wp_enqueue_script( 'booksprintz-settings', plugins_url( 'admin/settings.js', BOOKSPRINTZ_FILE ), array( 'wp-i18n' ), BOOKSPRINTZ_VERSION, true );
	}

	/**
	 * The page.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$options = BookSprintz_Options::get();
		$name    = BookSprintz_Options::NAME;
		?>
		<div class="wrap booksprintz-settings">
			<h1><?php esc_html_e( 'BookSprintz', 'booksprintz' ); ?></h1>
			<p class="booksprintz-settings__intro"><?php esc_html_e( 'Connect this site to your BookSprintz business, then add the “BookSprintz booking” block or the [booksprintz] shortcode to any page.', 'booksprintz' ); ?></p>
			<?php settings_errors( $name ); ?>
			<form method="post" action="options.php" class="booksprintz-settings__card">
				<?php settings_fields( self::GROUP ); ?>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><label for="booksprintz-tenant"><?php esc_html_e( 'Business slug', 'booksprintz' ); ?></label></th>
						<td>
							<input type="text" id="booksprintz-tenant" name="<?php echo esc_attr( $name ); ?>[tenant]" value="<?php echo esc_attr( $options['tenant'] ); ?>" class="regular-text code" placeholder="my-salon" autocomplete="off" spellcheck="false" />
							<p class="description"><?php esc_html_e( 'The name of your booking page: book.example.com/my-salon → my-salon.', 'booksprintz' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="booksprintz-host"><?php esc_html_e( 'BookSprintz host', 'booksprintz' ); ?></label></th>
						<td>
							<input type="url" id="booksprintz-host" name="<?php echo esc_attr( $name ); ?>[host]" value="<?php echo esc_attr( $options['host'] ); ?>" class="regular-text code" placeholder="https://book.example.com" />
							<p class="description"><?php esc_html_e( 'Where the widget and the booking API are served from.', 'booksprintz' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'Connection', 'booksprintz' ); ?></th>
						<td>
							<button type="button" class="button" id="booksprintz-test"><?php esc_html_e( 'Test connection', 'booksprintz' ); ?></button>
							<p id="booksprintz-test-result" class="booksprintz-settings__result" role="status" aria-live="polite"></p>
						</td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<div class="booksprintz-settings__card booksprintz-settings__help">
				<h2><?php esc_html_e( 'Shortcode', 'booksprintz' ); ?></h2>
				<p><code>[booksprintz]</code> <?php esc_html_e( 'shows the widget.', 'booksprintz' ); ?> <code>[booksprintz mode="popup" label="Book a visit"]</code> <?php esc_html_e( 'shows a button that opens it;', 'booksprintz' ); ?> <code>mode="button"</code> <?php esc_html_e( 'a floating button. Also: service, staff, location, locale, color.', 'booksprintz' ); ?></p>
			</div>
		</div>
		<?php
	}
}
